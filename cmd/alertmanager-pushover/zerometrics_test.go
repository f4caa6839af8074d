package main

import (
	"os"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestCountersExistAtZero scrapes a fresh bridge, and one after a reload
// that adds a route: every counter series with label values known from the
// configuration is there at 0, so that increase() in the example alerts
// sees the first event.
func TestCountersExistAtZero(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a := newTestApp(t, opsConfig(fake.URL, "team"), Options{})
	series := func(route string) []string {
		return []string{
			`alertmanager_pushover_deliveries_total{outcome="failed_permanent",route="` + route + `"} 0`,
			`alertmanager_pushover_deliveries_total{outcome="failed_retryable",route="` + route + `"} 0`,
			`alertmanager_pushover_deliveries_total{outcome="sent",route="` + route + `"} 0`,
			`alertmanager_pushover_template_errors_total{route="` + route + `"} 0`,
			`alertmanager_pushover_emergencies_acknowledged_total{route="` + route + `"} 0`,
		}
	}
	always := []string{
		`alertmanager_pushover_deliveries_total{outcome="unrouted",route=""} 0`,
		`alertmanager_pushover_emergency_cancellations_total{outcome="failed_permanent"} 0`,
		`alertmanager_pushover_emergency_cancellations_total{outcome="failed_retryable"} 0`,
		`alertmanager_pushover_emergency_cancellations_total{outcome="ok"} 0`,
		`alertmanager_pushover_silences_total{outcome="failed"} 0`,
		`alertmanager_pushover_quota_exhausted_total 0`,
		`alertmanager_pushover_alerts_unrouted_total 0`,
	}
	code, metrics := a.do(t, "GET", "/metrics", nil)
	require.Equal(t, 200, code)
	for _, s := range append(append(always, series("page-oncall")...), series("team")...) {
		require.True(t, strings.Contains(metrics, s+"\n"), "at start-up, /metrics lacks %s", s)
	}

	require.NoError(t, os.WriteFile(a.path, []byte(opsConfig(fake.URL, "team-v2")), 0o600))
	code, body := a.do(t, "POST", "/-/reload", nil)
	require.Equal(t, 200, code, body)
	_, metrics = a.do(t, "GET", "/metrics", nil)
	for _, s := range series("team-v2") {
		require.True(t, strings.Contains(metrics, s+"\n"), "after a reload that added route team-v2, /metrics lacks %s", s)
	}
}
