package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// An exhausted Pushover quota that resets long after the retry window is
// answered 422: retrying cannot help. Nothing is accepted, the bridge
// counts it, and Alertmanager records a failed notification.
func TestQuotaExhaustedAnswers422(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{receiver: "  quota_retry_window: 0s", routes: `routes:
  - name: team
    to: [team]
`})
	s.fake.SetQuota(10000, 0)
	s.post(alert("alertname", "DiskFull", "cluster", "e2e", "severity", "warning"))

	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "422") >= 1 &&
			s.amMetric("alertmanager_notifications_failed_total", "integration", "webhook") >= 1
	}, "a 422 that Alertmanager counts as a failed notification")
	require.Empty(t, s.fake.Messages())
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_quota_exhausted_total"), 1.0)
	require.Zero(t, s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503"), "no retry for a quota that resets next month")
	require.Equal(t, 0.0, s.bridgeMetric("alertmanager_pushover_quota_remaining_messages"))
	require.True(t, s.bridgeLogged(`level=error.*quota exhausted`), "a loud log")
	for _, r := range s.requests("messages") {
		require.Equal(t, http.StatusTooManyRequests, r.Status)
	}
}

// A reload (POST /-/reload or SIGHUP) swaps the routes for the next
// webhook; a broken file keeps the running configuration and says so in
// the metrics.
func TestReloadSwapsRoutes(t *testing.T) {
	t.Parallel()
	route := func(priority string) string {
		return "routes:\n  - name: team\n    to: [team]\n    priority: " + priority + "\n"
	}
	s := newStack(t, stackOptions{routes: route("normal")})
	cfgPath := filepath.Join(s.dir, "bridge.yml")
	cfg, err := os.ReadFile(cfgPath)
	require.NoError(t, err)
	require.Contains(t, string(cfg), route("normal"))

	s.post(alert("alertname", "First", "cluster", "e2e"))
	s.eventually(func() bool { return len(s.fake.Messages()) >= 1 }, "the first message")
	require.Equal(t, 0, s.fake.Messages()[0].Priority)

	writeFile(t, s.dir, "bridge.yml", strings.Replace(string(cfg), route("normal"), route("high"), 1))
	resp, err := http.Post(s.bridgeURL+"/-/reload", "", nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)

	s.post(alert("alertname", "Second", "cluster", "e2e"))
	s.eventually(func() bool { return len(s.fake.Messages()) >= 2 }, "the second message")
	require.Equal(t, 1, s.fake.Messages()[1].Priority, "the reloaded route")

	writeFile(t, s.dir, "bridge.yml", string(cfg)+"\nnot_a_section: true\n")
	require.NoError(t, s.bridge.Signal(syscall.SIGHUP))
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_config_last_reload_successful") == 0
	}, "the failed reload reported")

	s.post(alert("alertname", "Third", "cluster", "e2e"))
	s.eventually(func() bool { return len(s.fake.Messages()) >= 3 }, "the third message")
	require.Equal(t, 1, s.fake.Messages()[2].Priority, "the last good configuration keeps serving")
	require.Equal(t, pushovertest.DemoGroup, s.fake.Messages()[2].Params["user"])
}
