package main

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

const bearer = "s3cret-bearer-token-for-tests"

// opsConfig is a configuration for the fake at apiURL whose second route
// is named team.
func opsConfig(apiURL, team string) string {
	return `
pushover: {token: ` + token + `, api_url: "` + apiURL + `"}
receiver: {bearer_token: ` + bearer + `}
recipients:
  oncall: {user_key: ` + userKey + `, devices: [phone]}
  team: {user_key: ` + groupKey + `}
routes:
  - {name: page-oncall, matchers: ['severity="critical"', 'team!="<img src=x>"'], to: [oncall], priority: emergency, continue: true}
  - {name: ` + team + `, matchers: ['severity=~"critical|warning"'], to: [team]}
`
}

type testApp struct {
	*App
	srv  *httptest.Server
	path string
}

func newTestApp(t *testing.T, content string, opts Options) *testApp {
	t.Helper()
	path := writeFile(t, "config.yml", content)
	opts.ConfigFile = path
	app, err := NewApp(opts, log.NewNopLogger())
	require.NoError(t, err)
	srv := httptest.NewServer(app.Routes())
	t.Cleanup(srv.Close)
	return &testApp{App: app, srv: srv, path: path}
}

func (a *testApp) do(t *testing.T, method, path string, body []byte, hdr ...string) (int, string) {
	t.Helper()
	req, err := http.NewRequest(method, a.srv.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp.StatusCode, string(b)
}

func (a *testApp) post(t *testing.T, payload string) (int, string) {
	t.Helper()
	body, err := os.ReadFile(payloads + payload)
	require.NoError(t, err)
	return a.do(t, "POST", "/alerts", body, "Authorization", "Bearer "+bearer, "Content-Type", "application/json")
}

func (a *testApp) deliveries(route, outcome string) float64 {
	return testutil.ToFloat64(a.metrics.pipeline.Deliveries.WithLabelValues(route, outcome))
}

func TestReloadSwapsOrKeepsTheConfiguration(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a := newTestApp(t, opsConfig(fake.URL, "team"), Options{})
	require.Equal(t, 1.0, testutil.ToFloat64(a.metrics.reload.ReloadSuccessful))
	hash := testutil.ToFloat64(a.metrics.reload.ConfigHash)
	require.NotZero(t, hash)

	code, _ := a.post(t, "05-warning-first.json")
	require.Equal(t, 200, code)
	require.Equal(t, 1.0, a.deliveries("team", "sent"))
	require.Equal(t, 1, fake.Stats().ConnectionsOpened)

	// A good change, by POST /-/reload: the new route serves, with the
	// same client (its kept-alive connection and its limiter).
	require.NoError(t, os.WriteFile(a.path, []byte(opsConfig(fake.URL, "team-v2")), 0o600))
	code, body := a.do(t, "POST", "/-/reload", nil)
	require.Equal(t, 200, code, body)
	require.Equal(t, 1.0, testutil.ToFloat64(a.metrics.reload.ReloadSuccessful))
	require.NotEqual(t, hash, testutil.ToFloat64(a.metrics.reload.ConfigHash))
	code, _ = a.post(t, "05-warning-first.json")
	require.Equal(t, 200, code)
	require.Equal(t, 1.0, a.deliveries("team-v2", "sent"))
	require.Equal(t, 1, fake.Stats().ConnectionsOpened, "a reload with the same api_url keeps the client")

	// A bad change: 500 with the error, the old configuration keeps serving.
	require.NoError(t, os.WriteFile(a.path, []byte(opsConfig(fake.URL, "team-v3")+"bogus: 1\n"), 0o600))
	code, body = a.do(t, "POST", "/-/reload", nil)
	require.Equal(t, 500, code)
	require.Contains(t, body, `unknown key "bogus" at the top level`)
	require.Zero(t, testutil.ToFloat64(a.metrics.reload.ReloadSuccessful))
	code, _ = a.do(t, "GET", "/-/ready", nil)
	require.Equal(t, 200, code, "a failed reload leaves the bridge ready")
	code, _ = a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code)
	require.Equal(t, 2.0, a.deliveries("team-v2", "sent"))
	require.Zero(t, a.deliveries("team-v3", "sent"))
	_, page := a.do(t, "GET", "/", nil)
	require.Contains(t, page, "last reload failed")

	// SIGHUP, as serve wires it: fixed file, another fake.
	fake2 := pushovertest.New(t, pushovertest.WithDemoAccount())
	require.NoError(t, os.WriteFile(a.path, []byte(opsConfig(fake2.URL, "team-v4")), 0o600))
	hup := make(chan os.Signal, 1)
	go a.ReloadOn(t.Context(), hup)
	hup <- syscall.SIGHUP
	require.Eventually(t, func() bool { return testutil.ToFloat64(a.metrics.reload.ReloadSuccessful) == 1 },
		5*time.Second, 10*time.Millisecond)
	code, _ = a.post(t, "05-warning-first.json")
	require.Equal(t, 200, code)
	require.Equal(t, 1.0, a.deliveries("team-v4", "sent"))
	require.Len(t, fake2.Messages(), 1, "a new api_url gets a new client")
}

func TestReadiness(t *testing.T) {
	a := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team"), Options{DryRun: true})
	for _, m := range []string{"GET", "HEAD"} {
		code, body := a.do(t, m, "/-/ready", nil)
		require.Equal(t, 200, code)
		if m == "GET" {
			require.Equal(t, "Ready.\n", body)
		}
		code, _ = a.do(t, m, "/-/healthy", nil)
		require.Equal(t, 200, code)
	}
	a.stopping.Store(true)
	code, body := a.do(t, "GET", "/-/ready", nil)
	require.Equal(t, 503, code)
	require.Contains(t, body, "shutting down")
	code, _ = a.do(t, "GET", "/-/healthy", nil)
	require.Equal(t, 200, code)

	// A ledger that cannot be opened: pages still go out, and readiness
	// and the metric say so.
	notADir := writeFile(t, "file", "x")
	b := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team"), Options{DryRun: true, StoragePath: notADir})
	code, body = b.do(t, "GET", "/-/ready", nil)
	require.Equal(t, 200, code)
	require.Contains(t, body, "Ledger degraded")
	require.Zero(t, testutil.ToFloat64(b.metrics.ledger.Up))
	code, _ = b.post(t, "05-warning-first.json")
	require.Equal(t, 200, code)

	c := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team"), Options{DryRun: true, StoragePath: t.TempDir()})
	require.Equal(t, 1.0, testutil.ToFloat64(c.metrics.ledger.Up))
}

func TestStatusPage(t *testing.T) {
	a := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team"), Options{DryRun: true})
	code, _ := a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code)
	code, page := a.do(t, "GET", "/", nil)
	require.Equal(t, 200, code)
	for _, want := range []string{"alertmanager-pushover", "dry run", "page-oncall", "oncall", "phone",
		"bearer token", "Recent deliveries", "dry_run", "emergency",
		"0 ringing", // a dry run records nothing: no emergency rings (TestEmergenciesOnTheStatusPage has one)
		`team!=&#34;&lt;img src=x&gt;&#34;`} {
		require.Contains(t, page, want)
	}
	require.NotContains(t, page, "<img src=x>", "escaped")
	for _, secret := range []string{token, userKey, groupKey, bearer} {
		require.NotContains(t, page, secret)
	}
	code, _ = a.do(t, "GET", "/nope", nil)
	require.Equal(t, 404, code)
}

// TestEmergenciesOnTheStatusPage sends an emergency through the fake and
// shows it outstanding, then acknowledged state once the ledger knows it.
func TestEmergenciesOnTheStatusPage(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a := newTestApp(t, opsConfig(fake.URL, "team"), Options{StoragePath: t.TempDir()})
	code, body := a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code, body)
	var answer receiver.Answer
	require.NoError(t, json.Unmarshal([]byte(body), &answer))
	require.Equal(t, pipeline.OutcomeSent, answer.Deliveries[0].Outcome)
	_, page := a.do(t, "GET", "/", nil)
	require.Contains(t, page, "1 ringing")
	require.Contains(t, page, "ringing, not acknowledged")
	require.Contains(t, page, "durable, in ")

	// Acknowledged (as the poller or the callback would record it).
	out, _ := a.ledger.Emergencies(t.Context(), ledger.Filter{RingingAt: time.Now()})
	require.Len(t, out, 1)
	_, _, err := a.ledger.Acknowledge(t.Context(), out[0].Receipt,
		ledger.Ack{At: time.Now(), By: "oncall", Device: "phone"})
	require.NoError(t, err)
	_, page = a.do(t, "GET", "/", nil)
	require.Contains(t, page, "0 ringing")
	require.Regexp(t, `acknowledged by oncall on phone at \d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ`, page, "the same date format as the tables")
	require.NotContains(t, page, out[0].Receipt, "receipts stay off the page")
}

func TestSendTest(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	cfg := writeFile(t, "c.yml", opsConfig(fake.URL, "team"))

	code, out, errOut := runCLI(t, "send-test", "--config.file="+cfg, "--to=oncall")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "status: sent\nrecipient: oncall (devices: phone)\npriority: normal\nrequest: ")
	require.Contains(t, out, "quota: 9999 of 10000 messages left")
	msgs := fake.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, []string{userKey}, msgs[0].Users)

	code, out, errOut = runCLI(t, "send-test", "--config.file="+cfg, "--to=oncall", "--priority=emergency",
		"--message=hello", "--output=json")
	require.Equal(t, 0, code, errOut)
	var res sendTestResult
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, "sent", res.Status)
	require.Equal(t, "emergency", res.Priority)
	require.NotEmpty(t, res.Request)
	require.NotEmpty(t, res.Receipt)
	require.True(t, res.Cancelled)
	require.Equal(t, 9998, res.Quota.Remaining)
	rs := fake.Receipts()
	require.Len(t, rs, 1)
	require.True(t, rs[0].Canceled, "the test emergency is cancelled by receipt")
	require.Equal(t, "hello", fake.Messages()[1].Message)

	code, out, _ = runCLI(t, "send-test", "--config.file="+cfg, "--to=team", "--pushover.dry-run", "--output=json")
	require.Equal(t, 0, code)
	require.NoError(t, json.Unmarshal([]byte(out), &res))
	require.Equal(t, "dry_run", res.Status)
	require.Len(t, fake.Messages(), 2, "dry run sends nothing")

	code, out, _ = runCLI(t, "send-test", "--config.file="+cfg, "--to=team", "--pushover.dry-run")
	require.Equal(t, 0, code)
	require.Contains(t, out, "status: dry_run")

	// Usage mistakes: exit code 2, the error once, on stderr.
	code, out, errOut = runCLI(t, "send-test", "--config.file="+cfg, "--to=nobody")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, `--to: no recipient "nobody" in the configuration (there are: oncall, team)`)
	code, out, errOut = runCLI(t, "send-test", "--config.file="+cfg, "--to=oncall", "--priority=urgent")
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "--priority: ")

	// Pushover refuses the key: the error says so, without the key.
	bad := writeFile(t, "bad.yml", strings.ReplaceAll(opsConfig(fake.URL, "team"), groupKey, "gznej3rKEVAvPUxu9vvNnqpmZpokzX"))
	code, out, errOut = runCLI(t, "send-test", "--config.file="+bad, "--to=team")
	require.Equal(t, 1, code)
	require.Contains(t, out, "status: failed")
	require.Contains(t, errOut, "sending to team")
	require.Equal(t, 1, strings.Count(out+errOut, "sending to team"), "the error is printed once")
	require.NotContains(t, errOut, "gznej3rKEVAvPUxu9vvNnqpmZpokzX")
}
