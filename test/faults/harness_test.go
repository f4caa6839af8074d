package faults

import (
	"bufio"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// binaries builds the bridge and the fake once per test binary, with the
// script the Dockerfile uses.
var binaries proctest.Builder

func build(t *testing.T) (bridge, fake string) {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests run the real binaries; skipped in -short mode")
	}
	return binaries.Build(t, "alertmanager-pushover", ""),
		binaries.Build(t, "fakepushover", "./pushover/pushovertest/cmd/fakepushover")
}

// process is a child process of a test (see proctest.Process).
type process struct{ *proctest.Process }

func start(t *testing.T, name string, args ...string) *process {
	t.Helper()
	return &process{proctest.Start(t, name, args...)}
}

// kill sends SIGKILL and waits until the process is gone.
func (p *process) kill() { p.Kill() }

// fake is a running fakepushover process.
type fake struct {
	*process
	url string // root URL
	ctl *pushovertest.Control
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

func startFake(t *testing.T, args ...string) *fake {
	t.Helper()
	_, bin := build(t)
	pr, pw := io.Pipe()
	p := &process{proctest.Run(t, &proctest.Process{Name: bin,
		Args: append([]string{"--listen", "127.0.0.1:0"}, args...), Stdout: pw})}
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return &fake{process: p, url: u, ctl: &pushovertest.Control{BaseURL: u}}
	case <-time.After(20 * time.Second):
		t.Fatalf("fakepushover did not start: %s", p.Out.String())
	}
	return nil
}

const bearer = "faults-bearer-token"

// bridgeConfig routes every alert to the demo user at normal priority and
// critical ones also at emergency; extra is appended to the receiver
// section. Digests are off unless pushoverExtra sets them: these tests
// count every page at the fake.
func bridgeConfig(fakeURL, receiverExtra, pushoverExtra string) string {
	if !strings.Contains(pushoverExtra, "digest:") {
		pushoverExtra += "\ndigest: {queue_depth: 0, quota_below: 0}"
	}
	return fmt.Sprintf(`
pushover:
  token: %s
  api_url: %s/1/
%s
receiver:
  bearer_token: %s
%s
recipients:
  oncall: {user_key: %s}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
  - name: notify
    to: [oncall]
    priority: normal
`, pushovertest.DemoToken, fakeURL, indent(pushoverExtra), bearer, indent(receiverExtra), pushovertest.DemoUser)
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

// bridge is a running bridge process.
type bridge struct {
	*process
	url, config, storage string
	args                 []string
}

func startBridge(t *testing.T, config, storage string) *bridge {
	t.Helper()
	bin, _ := build(t)
	dir := t.TempDir()
	if storage == "" {
		storage = filepath.Join(dir, "data")
	}
	cfg := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(config), 0o600))
	addr := proctest.FreeAddr(t)
	b := &bridge{url: "http://" + addr, config: cfg, storage: storage,
		args: []string{"--config.file=" + cfg, "--web.listen-address=" + addr, "--storage.path=" + storage, "--log.level=debug"}}
	b.process = start(t, bin, b.args...)
	proctest.WaitReady(t, b.url+"/-/ready", b.Done())
	return b
}

// restart starts the bridge again with the same flags (same address and storage).
func (b *bridge) restart(t *testing.T) {
	t.Helper()
	bin, _ := build(t)
	b.process = start(t, bin, b.args...)
	proctest.WaitReady(t, b.url+"/-/ready", b.Done())
}

// requireLog waits for a line of the bridge's log to match re.
func (b *bridge) requireLog(t *testing.T, re string) {
	t.Helper()
	r := regexp.MustCompile(re)
	require.Eventually(t, func() bool { return r.MatchString(b.Out.String()) }, 5*time.Second, 20*time.Millisecond,
		"no log line matches %s", re)
}

// metric returns the value of a metric line (name with labels, exactly as
// exposed) from the bridge's /metrics, or -1 when absent.
func (b *bridge) metric(t *testing.T, series string) float64 {
	t.Helper()
	resp, err := http.Get(b.url + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v float64
			_, err := fmt.Sscan(rest, &v)
			require.NoError(t, err)
			return v
		}
	}
	return -1
}
