package graph

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

func TestMetrics(t *testing.T) {
	ok := fakePrometheus(t, answering(200, successJSON(t, matrix(1, t0, time.Hour, time.Minute))))
	empty := fakePrometheus(t, answering(200, []byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`)))
	reg := prometheus.NewRegistry()
	m := NewMetrics(reg)
	for _, u := range []string{ok.URL, ok.URL, empty.URL} {
		_, _ = newTestGrapher(t, u, time.Minute, m).Chart(context.Background(), alert("up", t0), opts(300, 300, 1))
	}
	a := alert("up", t0)
	a.GeneratorURL = ""
	_, _ = newTestGrapher(t, ok.URL, time.Minute, m).Chart(context.Background(), a, opts(300, 300, 1))
	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP alertmanager_pushover_graph_charts_failed_total Charts not made, the message going out without one, by reason.
# TYPE alertmanager_pushover_graph_charts_failed_total counter
alertmanager_pushover_graph_charts_failed_total{reason="empty"} 1
alertmanager_pushover_graph_charts_failed_total{reason="query_error"} 0
alertmanager_pushover_graph_charts_failed_total{reason="render"} 0
alertmanager_pushover_graph_charts_failed_total{reason="timeout"} 0
alertmanager_pushover_graph_charts_failed_total{reason="too_large"} 0
alertmanager_pushover_graph_charts_failed_total{reason="unreachable"} 0
# HELP alertmanager_pushover_graph_charts_rendered_total Charts rendered for attachment to a message.
# TYPE alertmanager_pushover_graph_charts_rendered_total counter
alertmanager_pushover_graph_charts_rendered_total 2
# HELP alertmanager_pushover_graph_charts_skipped_total Charts not attempted because the alert's generatorURL is not a Prometheus graph link.
# TYPE alertmanager_pushover_graph_charts_skipped_total counter
alertmanager_pushover_graph_charts_skipped_total 1
`), "alertmanager_pushover_graph_charts_failed_total", "alertmanager_pushover_graph_charts_rendered_total",
		"alertmanager_pushover_graph_charts_skipped_total"))
	require.Equal(t, 1, testutil.CollectAndCount(m.Duration))
	require.Contains(t, mustGatherNames(t, reg), "alertmanager_pushover_graph_chart_duration_seconds")
}

func mustGatherNames(t *testing.T, reg *prometheus.Registry) []string {
	mfs, err := reg.Gather()
	require.NoError(t, err)
	var names []string
	for _, mf := range mfs {
		names = append(names, mf.GetName())
	}
	return names
}
