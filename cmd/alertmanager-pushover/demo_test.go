package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"strings"
	"testing"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestDemoConfigurationServesInDryRun: the container's built-in
// configuration (examples/config.yml) against the real Pushover is served in
// dry run, said loudly, instead of answering 422 to every page.
func TestDemoConfigurationServesInDryRun(t *testing.T) {
	require.Equal(t, pushovertest.DemoToken, docsToken)
	var logs bytes.Buffer
	app, err := NewApp(Options{ConfigFile: exampleConfig}, log.NewLogfmtLogger(&logs))
	require.NoError(t, err)
	require.True(t, app.opts.DryRun)
	require.Contains(t, logs.String(), "serving in DRY RUN, NOTHING IS SENT")
	srv := httptest.NewServer(app.Routes())
	t.Cleanup(srv.Close)
	body, err := os.ReadFile(payloads + "05-warning-first.json")
	require.NoError(t, err)
	resp, err := srv.Client().Post(srv.URL+"/alerts", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
	require.Equal(t, 1.0, testutil.ToFloat64(app.metrics.pipeline.Deliveries.WithLabelValues("team", "dry_run")))

	// The same token against another API (the fake, as in the Quick start)
	// is not the demo: it sends.
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	text, err := os.ReadFile(exampleConfig)
	require.NoError(t, err)
	path := writeFile(t, "quickstart.yml", strings.Replace(string(text), "\n  # api_url: ", "\n  api_url: "+fake.URL+"/1/ #", 1))
	logs.Reset()
	app, err = NewApp(Options{ConfigFile: path}, log.NewLogfmtLogger(&logs))
	require.NoError(t, err)
	require.False(t, app.opts.DryRun)
	require.NotContains(t, logs.String(), "DRY RUN")
}
