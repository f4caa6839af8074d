package action

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics counts the action pages' work. Labels are bounded: actions,
// outcomes and refusal reasons are fixed sets.
type Metrics struct {
	Actions *prometheus.CounterVec // action, outcome
	Refused *prometheus.CounterVec // reason
	Views   prometheus.Counter
}

// NewMetrics registers the metrics with reg (nil: not registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	return &Metrics{
		Actions: f.NewCounterVec(prometheus.CounterOpts{Namespace: "alertmanager_pushover", Subsystem: "action",
			Name: "actions_total", Help: "Actions posted from action pages, by action and outcome (done, already, failed)."},
			[]string{"action", "outcome"}),
		Refused: f.NewCounterVec(prometheus.CounterOpts{Namespace: "alertmanager_pushover", Subsystem: "action",
			Name: "refused_total", Help: "Action page requests refused, by reason (malformed, forged, expired, unknown_group, bad_form, cross_site, unavailable, unknown)."},
			[]string{"reason"}),
		Views: f.NewCounter(prometheus.CounterOpts{Namespace: "alertmanager_pushover", Subsystem: "action",
			Name: "page_views_total", Help: "Action pages shown."}),
	}
}
