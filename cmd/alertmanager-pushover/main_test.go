package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/exporter-toolkit/web"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

const (
	exampleConfig = "../../examples/config.yml"
	payloads      = "../../testdata/alertmanager-0.34.2/"
	token         = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"
	userKey       = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"
	groupKey      = "gznej3rKEVAvPUxu9vvNnqpmZpokzF"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	for _, s := range []string{token, userKey, groupKey} {
		require.NotContains(t, out.String(), s)
		require.NotContains(t, errb.String(), s)
	}
	return code, out.String(), errb.String()
}

func TestHelpAndVersion(t *testing.T) {
	code, out, _ := runCLI(t, "--help")
	require.Equal(t, 0, code)
	for _, want := range []string{"--config.file", "--log.level", "serve", "check-config", "routes test", "render",
		"--web.listen-address", "--storage.path", "--pushover.dry-run", "`serve --help`"} {
		require.Contains(t, out, want)
	}
	code, out, _ = runCLI(t, "serve", "--help")
	require.Equal(t, 0, code)
	for _, want := range []string{"--web.listen-address", "--web.config.file", "--storage.path", "pushover.dry-run",
		"ALERTMANAGER_PUSHOVER_CONFIG_FILE", ":9095"} {
		require.Contains(t, out, want)
	}
	code, out, errOut := runCLI(t, "--version")
	require.Equal(t, 0, code)
	require.Regexp(t, `alertmanager-pushover, version \d+\.\d+\.\d+`, errOut+out, "a version even without -ldflags")
	code, _, errOut = runCLI(t, "--no-such-flag")
	require.Equal(t, 2, code)
	require.Contains(t, errOut, "unknown long flag")
}

func TestServeIsTheDefaultCommand(t *testing.T) {
	var out bytes.Buffer
	app, f := newApp(&out, &out)
	t.Setenv("ALERTMANAGER_PUSHOVER_STORAGE_PATH", "/var/lib/amp")
	cmd, err := app.Parse([]string{"--pushover.dry-run", "--config.file=x.yml", "--web.listen-address=:1234"})
	require.NoError(t, err)
	require.Equal(t, "serve", cmd)
	require.True(t, f.serve.DryRun)
	require.Equal(t, "x.yml", f.configFile)
	require.Equal(t, []string{":1234"}, *f.serve.Web.WebListenAddresses)
	require.Equal(t, "/var/lib/amp", f.serve.StoragePath)
}

func TestServeFailsOnABadConfig(t *testing.T) {
	code, _, errOut := runCLI(t, "--config.file=does-not-exist.yml", "--pushover.dry-run")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `msg="could not load configuration"`)
}

func TestCheckConfig(t *testing.T) {
	code, out, _ := runCLI(t, "check-config", "--config.file="+exampleConfig)
	require.Equal(t, 0, code)
	require.Contains(t, out, "SUCCESS")
	require.Contains(t, out, "page-oncall: matchers=[severity=\"critical\"] to=[oncall] priority=emergency")

	bad := writeFile(t, "bad.yml", "pushover: {token: "+token+"}\nroutes: []\nbogus: 1\n")
	code, out, errOut := runCLI(t, "check-config", "--config.file="+bad)
	require.Equal(t, 1, code)
	require.Contains(t, out, "FAILED")
	require.Contains(t, errOut, `line 3: unknown key "bogus" at the top level`)
}

func TestCheckConfigOnline(t *testing.T) {
	srv := pushovertest.New(t, pushovertest.WithDemoAccount())
	cfg := func(devices, sound string) string {
		return writeFile(t, "c.yml", `
pushover: {token: `+token+`, api_url: "`+srv.URL+`"}
recipients:
  me: {user_key: `+userKey+`, devices: [`+devices+`]}
routes: [{name: all, to: [me], sound: `+sound+`}]
`)
	}
	code, out, errOut := runCLI(t, "check-config", "--online", "--config.file="+cfg("phone", "siren"))
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "recipient me: valid")
	require.Contains(t, out, "Online check: SUCCESS")

	code, _, errOut = runCLI(t, "check-config", "--online", "--config.file="+cfg("toaster", "nosuchsound"))
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `recipient "me": device "toaster" is not one of the user's devices`)
	require.Contains(t, errOut, `route "all": sound: "nosuchsound" is not a sound`)
}

func TestRoutesTest(t *testing.T) {
	code, out, errOut := runCLI(t, "routes", "test", "--config.file="+exampleConfig, "severity=critical", "team=db")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, `route page-oncall
  recipient: oncall (devices: phone)
  priority: emergency
  sound: siren
  continue: true
  fallback: db-room (when Pushover cannot deliver)
route team
  recipient: team
  priority: high (from template)
  sound: (the user's default)
`, out)
	code, out, _ = runCLI(t, "routes", "test", "--config.file="+exampleConfig, "severity=info")
	require.Equal(t, 0, code)
	require.Contains(t, out, "no route matches")
	require.NotContains(t, out, "hint:", "no route of the example filters on the receiver")
	code, out, errOut = runCLI(t, "routes", "test", "--config.file="+exampleConfig)
	require.Equal(t, 2, code)
	require.Empty(t, out)
	require.Contains(t, errOut, "no labels given")

	filtered := writeFile(t, "r.yml", `
pushover: {token: `+token+`}
recipients: {me: {user_key: `+userKey+`}}
routes: [{name: db, receiver: 'pushover-db', to: [me], priority: '{{ if true }}2{{ end }}'}]
`)
	code, out, _ = runCLI(t, "routes", "test", "--config.file="+filtered, "team=db")
	require.Equal(t, 0, code)
	require.Contains(t, out, "no route matches")
	require.Contains(t, out, "hint: routes db (^(?:pushover-db)$) only take alerts for matching Alertmanager receivers: give --receiver=NAME")
	code, out, _ = runCLI(t, "routes", "test", "--config.file="+filtered, "--receiver=pushover-db", "team=db")
	require.Equal(t, 0, code)
	require.Contains(t, out, "priority: emergency (from template)", "the priority's name, as render prints it")
	code, _, errOut = runCLI(t, "routes", "test", "--config.file="+exampleConfig, "severity")
	require.Equal(t, 1, code)
	require.NotEmpty(t, errOut)
}

func TestRender(t *testing.T) {
	html := filepath.Join(t.TempDir(), "preview.html")
	code, out, errOut := runCLI(t, "render", "--config.file="+exampleConfig,
		"--payload="+payloads+"04-all-resolved.json", "--html="+html)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "=== route page-oncall, recipient oncall (devices: phone) (resolved, 1 alerts)")
	require.Contains(t, out, "cancel_by_tag: amp-")
	require.Contains(t, out, "priority: low")
	require.Contains(t, out, "title: ")
	b, err := os.ReadFile(html)
	require.NoError(t, err)
	require.Contains(t, string(b), "route <b>page-oncall</b> · to <b>oncall</b>")
	require.Contains(t, string(b), ".message { white-space: pre-wrap;", "line breaks of the message are kept")
	require.Contains(t, string(b), "cancels the emergencies of tag amp-")

	code, out, errOut = runCLI(t, "render", "--config.file="+exampleConfig,
		"--payload="+payloads+"01-firing-first.json", "--html="+html)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "retry: 1m\nexpire: 1h\n", "durations as Prometheus writes them, as in the config")
	b, err = os.ReadFile(html)
	require.NoError(t, err)
	require.Regexp(t, `class="message">[^\n]*\S\n\S`, string(b), "the HTML message keeps its line breaks")

	code, _, errOut = runCLI(t, "render", "--config.file="+exampleConfig, "--payload=nope.json")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "nope.json")
}

func TestAppServesTheSurface(t *testing.T) {
	app, err := NewApp(Options{ConfigFile: exampleConfig, DryRun: true}, log.NewNopLogger())
	require.NoError(t, err)
	srv := httptest.NewServer(app.Routes())
	defer srv.Close()

	postPayload(t, srv.URL, "01-firing-first.json")

	for _, tc := range []struct{ method, path string }{{"GET", "/-/healthy"}, {"HEAD", "/-/healthy"},
		{"GET", "/-/ready"}, {"HEAD", "/-/ready"}, {"GET", "/metrics"}} {
		req, _ := http.NewRequest(tc.method, srv.URL+tc.path, nil)
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		resp.Body.Close()
		require.Equal(t, 200, resp.StatusCode, tc.path)
		if tc.path == "/metrics" {
			require.Contains(t, b.String(), `alertmanager_pushover_deliveries_total{outcome="dry_run",route="page-oncall"} 1`)
			require.Contains(t, b.String(), "alertmanager_pushover_build_info")
		}
	}
	resp, err := http.Get(srv.URL + "/alerts")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)
}

func TestAppRunStopsOnCancel(t *testing.T) {
	addrs, systemd, webCfg := []string{"127.0.0.1:0"}, false, ""
	app, err := NewApp(Options{ConfigFile: exampleConfig, DryRun: true, ShutdownTimeout: 5 * time.Second,
		Web: &web.FlagConfig{WebListenAddresses: &addrs, WebSystemdSocket: &systemd, WebConfigFile: &webCfg}},
		log.NewNopLogger())
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- app.Run(ctx) }()
	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

func TestLogger(t *testing.T) {
	var b bytes.Buffer
	l, err := newLogger(&b, "warn", "json")
	require.NoError(t, err)
	_ = level.Info(l).Log("msg", "hidden")
	require.Empty(t, b.String())
	_ = level.Warn(l).Log("msg", "shown")
	require.Contains(t, b.String(), `"msg":"shown"`)
	b.Reset()
	require.Empty(t, b.String())
	_, err = newLogger(&b, "info", "xml")
	require.Error(t, err)
}

func writeFile(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	require.NoError(t, os.WriteFile(p, []byte(strings.TrimLeft(content, "\n")), 0o600))
	return p
}
