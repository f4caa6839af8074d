package graph

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// namespace prefixes the metrics, as receiver.Namespace does the bridge's.
const namespace = "alertmanager_pushover"

// Metrics count the charts. The failure reasons are the few Reasons.
type Metrics struct {
	Rendered prometheus.Counter     //
	Failed   *prometheus.CounterVec // reason
	Skipped  prometheus.Counter     // no graph link
	Duration prometheus.Histogram   // query and render, success or not
}

// NewMetrics creates the chart metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	name := func(n string) string { return namespace + "_graph_" + n }
	m := &Metrics{
		Rendered: f.NewCounter(prometheus.CounterOpts{Name: name("charts_rendered_total"),
			Help: "Charts rendered for attachment to a message."}),
		Failed: f.NewCounterVec(prometheus.CounterOpts{Name: name("charts_failed_total"),
			Help: "Charts not made, the message going out without one, by reason."}, []string{"reason"}),
		Skipped: f.NewCounter(prometheus.CounterOpts{Name: name("charts_skipped_total"),
			Help: "Charts not attempted because the alert's generatorURL is not a Prometheus graph link."}),
		Duration: f.NewHistogram(prometheus.HistogramOpts{Name: name("chart_duration_seconds"),
			Help:    "Time to query Prometheus and render one chart, within prometheus.timeout.",
			Buckets: []float64{.01, .025, .05, .1, .25, .5, 1, 2.5, 5}}),
	}
	for _, r := range Reasons() {
		if r != ReasonNoGraphLink {
			m.Failed.WithLabelValues(string(r))
		}
	}
	return m
}
