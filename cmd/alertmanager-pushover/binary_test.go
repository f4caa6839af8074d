package main

import (
	"bytes"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// binaries builds the bridge once for all tests, with scripts/build.sh, as shipped.
var binaries proctest.Builder

// builtBinary returns the bridge binary.
func builtBinary(t *testing.T) string {
	t.Helper()
	return binaries.Build(t, appName, "")
}

// bridgeProcess is the real binary serving on a free port.
type bridgeProcess struct {
	*proctest.Process
	url string
}

// startBridge runs the binary with args plus a free listen address, and
// waits until it is ready.
func startBridge(t *testing.T, args ...string) *bridgeProcess {
	t.Helper()
	if testing.Short() {
		t.Skip("builds and runs the binary")
	}
	bin := builtBinary(t)
	addr := proctest.FreeAddr(t)
	p := &bridgeProcess{Process: proctest.Start(t, bin, append(args, "--web.listen-address="+addr)...), url: "http://" + addr}
	proctest.WaitReady(t, p.url+"/-/ready", p.Done())
	return p
}

// post sends a captured payload with the bearer token.
func (p *bridgeProcess) post(t *testing.T, payload string) (int, string) {
	t.Helper()
	body, err := os.ReadFile(payloads + payload)
	require.NoError(t, err)
	req, err := http.NewRequest("POST", p.url+"/alerts", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return 0, err.Error()
	}
	defer resp.Body.Close()
	var b bytes.Buffer
	_, _ = b.ReadFrom(resp.Body)
	return resp.StatusCode, b.String()
}

// stop signals the process (unless it has exited) and waits for its exit.
func (p *bridgeProcess) stop(t *testing.T, sig os.Signal) error {
	t.Helper()
	require.NoError(t, p.Signal(sig))
	exited, err := p.Wait(20 * time.Second)
	if !exited {
		t.Fatal("the bridge did not stop")
	}
	return err
}

// TestNoSecretInAFullRun runs the real binary at debug level through
// webhooks, a SIGHUP reload, the status page and metrics, and the
// send-test, check-config and render commands: no token, key or bearer
// token may appear in any output.
func TestNoSecretInAFullRun(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	const amToken = "alertmanager-api-s3cret"
	extra := "emergency: {callback_url: \"http://bridge.example.com/\"}\nalertmanager: {url: \"http://127.0.0.1:1/\", bearer_token: " + amToken + "}\n"
	cfg := writeFile(t, "config.yml", opsConfig(fake.URL, "team")+extra)
	callbackSecret, err := (&emergency.Config{}).Secret(token)
	require.NoError(t, err)
	p := startBridge(t, "--config.file="+cfg, "--storage.path="+t.TempDir(), "--log.level=debug")

	for _, payload := range []string{"01-firing-first.json", "03-some-resolved.json", "04-all-resolved.json"} {
		code, body := p.post(t, payload)
		require.Equal(t, 200, code, body)
	}
	require.NoError(t, p.Signal(syscall.SIGHUP))
	require.Eventually(t, func() bool { return strings.Contains(p.Out.String(), "configuration reloaded") },
		5*time.Second, 20*time.Millisecond)

	// A bad file on SIGHUP: logged, the old configuration keeps serving.
	good, err := os.ReadFile(cfg)
	require.NoError(t, err)
	require.NoError(t, os.WriteFile(cfg, append(good, "bogus: 1\n"...), 0o600))
	require.NoError(t, p.Signal(syscall.SIGHUP))
	require.Eventually(t, func() bool { return strings.Contains(p.Out.String(), "could not reload the configuration") },
		5*time.Second, 20*time.Millisecond)
	code, body := p.post(t, "05-warning-first.json")
	require.Equal(t, 200, code, body)
	require.NoError(t, os.WriteFile(cfg, good, 0o600))
	var pages bytes.Buffer
	for _, path := range []string{"/", "/metrics", "/-/ready"} {
		resp, err := http.Get(p.url + path)
		require.NoError(t, err)
		_, _ = pages.ReadFrom(resp.Body)
		resp.Body.Close()
	}
	unauthorized, _ := http.Post(p.url+"/alerts", "application/json", strings.NewReader("{}"))
	require.Equal(t, 401, unauthorized.StatusCode)
	unauthorized.Body.Close()
	require.NoError(t, p.stop(t, syscall.SIGTERM))
	sent := len(fake.Messages())

	bin := builtBinary(t)
	var cli strings.Builder
	for _, args := range [][]string{
		{"send-test", "--to=oncall", "--priority=emergency"},
		{"send-test", "--to=team", "--output=json"},
		{"send-test", "--to=team", "--pushover.dry-run"},
		{"check-config", "--online"},
		{"render", "--payload=" + payloads + "01-firing-first.json"},
	} {
		out, err := exec.Command(bin, append(args, "--config.file="+cfg, "--log.level=debug")...).CombinedOutput()
		require.NoError(t, err, "%v: %s", args, out)
		cli.Write(out)
	}

	logs := p.Out.String()
	require.Contains(t, logs, "level=debug")
	require.Contains(t, logs, "msg=\"webhook received\"")
	require.Len(t, fake.Messages(), sent+2, "two send-tests sent")
	require.Contains(t, fake.Receipts()[0].Callback, callbackSecret, "the emergencies carried the callback")
	for _, secret := range []string{token, userKey, groupKey, bearer, amToken, callbackSecret} {
		require.NotContains(t, logs, secret, "the bridge's log")
		require.NotContains(t, pages.String(), secret, "the status page, metrics or readiness")
		require.NotContains(t, cli.String(), secret, "the commands' output")
	}
}

// TestGracefulShutdownFinishesInFlightDeliveries sends SIGTERM while a
// delivery waits on a slow Pushover: the webhook still answers 200, the
// message arrives, and the bridge exits cleanly.
func TestGracefulShutdownFinishesInFlightDeliveries(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	fake.SetLatency(1500 * time.Millisecond)
	cfg := writeFile(t, "config.yml", opsConfig(fake.URL, "team"))
	p := startBridge(t, "--config.file="+cfg, "--storage.path="+t.TempDir())

	type answer struct {
		code int
		body string
	}
	got := make(chan answer, 1)
	go func() {
		code, body := p.post(t, "05-warning-first.json")
		got <- answer{code, body}
	}()
	require.Eventually(t, func() bool { return fake.Stats().InFlight > 0 }, 5*time.Second, 5*time.Millisecond,
		"the delivery never reached Pushover")
	require.Empty(t, fake.Messages(), "still in flight")
	require.NoError(t, p.Signal(syscall.SIGTERM))

	select {
	case a := <-got:
		require.Equal(t, 200, a.code, a.body)
		require.Contains(t, a.body, `"outcome":"sent"`)
	case <-time.After(10 * time.Second):
		t.Fatal("the in-flight webhook got no answer")
	}
	require.Len(t, fake.Messages(), 1, "the in-flight message arrived")
	require.NoError(t, p.stop(t, syscall.SIGTERM), "a clean exit")
	logs := p.Out.String()
	require.Contains(t, logs, "shutting down")
	require.Contains(t, logs, `msg=stopped`)

	// A new connection after shutdown is refused.
	_, err := http.Get(p.url + "/-/healthy")
	require.Error(t, err)
}

// TestVersionOfTheBuiltBinary: scripts/build.sh stamps the build info.
func TestVersionOfTheBuiltBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds the binary")
	}
	bin := builtBinary(t)
	out, err := exec.Command(bin, "--version").CombinedOutput()
	require.NoError(t, err)
	v, err := os.ReadFile("../../VERSION")
	require.NoError(t, err)
	require.Contains(t, string(out), "alertmanager-pushover, version "+strings.TrimSpace(string(v))+" (branch: ")
	require.Contains(t, string(out), "build user:")
	require.Contains(t, string(out), "go version:")
}
