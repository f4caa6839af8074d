package escalation

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
	reg := prometheus.NewPedanticRegistry()
	h := newHarness(t, func(o *Options) { o.Metrics = NewMetrics(reg) })
	h.pager.fail = 1
	h.cancel.fail = 1
	h.start(id, levels)
	h.start("esc-2", levels)
	h.at(10 * time.Minute) // esc-1 fails once (the fake fails its first call), esc-2 fires
	h.at(10*time.Minute + DefaultMinBackoff)
	h.clk.Add(2 * time.Minute)
	_, _, err := h.e.Acknowledge(context.Background(), id, Ack{By: "b", Receipt: "r-L2-b"}) // cancel fails once
	require.NoError(t, err)
	h.at(25 * time.Minute) // esc-2 level 3; esc-1's cancel retried

	require.NoError(t, testutil.GatherAndCompare(reg, strings.NewReader(`
# HELP alertmanager_pushover_escalation_cancel_errors_total Failed attempts to cancel the receipts of an acknowledged or resolved escalation (retried).
# TYPE alertmanager_pushover_escalation_cancel_errors_total counter
alertmanager_pushover_escalation_cancel_errors_total 1
# HELP alertmanager_pushover_escalation_fired_total Escalation levels fired (level 2 and up), by route and level.
# TYPE alertmanager_pushover_escalation_fired_total counter
alertmanager_pushover_escalation_fired_total{level="2",route="page-db"} 2
alertmanager_pushover_escalation_fired_total{level="3",route="page-db"} 1
# HELP alertmanager_pushover_escalation_page_errors_total Escalation pages that failed and will be retried, by route and level.
# TYPE alertmanager_pushover_escalation_page_errors_total counter
alertmanager_pushover_escalation_page_errors_total{level="2",route="page-db"} 1
# HELP alertmanager_pushover_escalation_pending Escalations with a level still to fire or receipts still to cancel.
# TYPE alertmanager_pushover_escalation_pending gauge
alertmanager_pushover_escalation_pending 0
`), "alertmanager_pushover_escalation_cancel_errors_total", "alertmanager_pushover_escalation_fired_total",
		"alertmanager_pushover_escalation_page_errors_total", "alertmanager_pushover_escalation_pending"))

	require.Equal(t, 1, testutil.CollectAndCount(reg, "alertmanager_pushover_escalation_time_to_acknowledge_seconds"))
	m := &prometheusMetric{}
	require.NoError(t, m.read(reg, "alertmanager_pushover_escalation_time_to_acknowledge_seconds"))
	require.Equal(t, map[string]string{"route": "page-db", "level": "2"}, m.labels)
	require.Equal(t, uint64(1), m.count)
	require.InDelta(t, (12*time.Minute + DefaultMinBackoff).Seconds(), m.sum, 0.001)
}

func TestPendingGauge(t *testing.T) {
	reg := prometheus.NewPedanticRegistry()
	h := newHarness(t, func(o *Options) { o.Metrics = NewMetrics(reg) })
	h.start(id, levels)
	h.start("esc-2", levels)
	h.at(time.Minute)
	require.InDelta(t, 2, testutil.ToFloat64(h.e.o.Metrics.Pending), 0)
	_, err := h.e.Resolve(context.Background(), id)
	require.NoError(t, err)
	h.at(2 * time.Minute)
	require.InDelta(t, 1, testutil.ToFloat64(h.e.o.Metrics.Pending), 0)
}

func TestNilMetricsCountNothing(t *testing.T) {
	var m *Metrics
	m.acked("r", 1, time.Second)
	m.fired("r", 2)
	m.pageError("r", 2)
	m.cancelError()
	m.pending(3)
}

// prometheusMetric reads the one histogram series of a family.
type prometheusMetric struct {
	labels map[string]string
	count  uint64
	sum    float64
}

func (p *prometheusMetric) read(g prometheus.Gatherer, name string) error {
	mfs, err := g.Gather()
	if err != nil {
		return err
	}
	for _, mf := range mfs {
		if mf.GetName() != name {
			continue
		}
		m := mf.GetMetric()[0]
		p.labels = map[string]string{}
		for _, l := range m.GetLabel() {
			p.labels[l.GetName()] = l.GetValue()
		}
		p.count, p.sum = m.GetHistogram().GetSampleCount(), m.GetHistogram().GetSampleSum()
	}
	return nil
}
