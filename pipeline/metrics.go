package pipeline

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Metrics count deliveries and what happened on their way. Labels are
// bounded: route names, outcomes, fields; never fingerprints or keys.
type Metrics struct {
	Deliveries     *prometheus.CounterVec // route, outcome
	AlertsUnrouted prometheus.Counter
	QuotaExhausted prometheus.Counter
	TemplateErrors *prometheus.CounterVec // route
	Truncations    *prometheus.CounterVec // route, field
	AlertsDropped  *prometheus.CounterVec // route
	Cancellations  *prometheus.CounterVec // outcome
	NoOneOnCall    *prometheus.CounterVec // route, schedule
	Fallbacks      *prometheus.CounterVec // route, reason
}

// NewMetrics creates the delivery metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	name := func(n string) string { return "alertmanager_pushover_" + n }
	return &Metrics{
		Deliveries: f.NewCounterVec(prometheus.CounterOpts{Name: name("deliveries_total"),
			Help: "Deliveries (one message to one recipient of a route), by route and outcome."}, []string{"route", "outcome"}),
		AlertsUnrouted: f.NewCounter(prometheus.CounterOpts{Name: name("alerts_unrouted_total"),
			Help: "Alerts that matched no route."}),
		QuotaExhausted: f.NewCounter(prometheus.CounterOpts{Name: name("quota_exhausted_total"),
			Help: "Deliveries refused because the Pushover quota is exhausted (HTTP 429)."}),
		TemplateErrors: f.NewCounterVec(prometheus.CounterOpts{Name: name("template_errors_total"),
			Help: "Messages sent as the plain fallback because a template failed, by route."}, []string{"route"}),
		Truncations: f.NewCounterVec(prometheus.CounterOpts{Name: name("template_truncations_total"),
			Help: "Message fields fitted to Pushover's limits, by route and field."}, []string{"route", "field"}),
		AlertsDropped: f.NewCounterVec(prometheus.CounterOpts{Name: name("alerts_dropped_from_message_total"),
			Help: "Alerts left out of messages to fit Pushover's limits (\"and N more\"), by route."}, []string{"route"}),
		Cancellations: f.NewCounterVec(prometheus.CounterOpts{Name: name("emergency_cancellations_total"),
			Help: "Cancellations of emergencies whose alerts no longer warrant one, by outcome."}, []string{"outcome"}),
		NoOneOnCall: f.NewCounterVec(prometheus.CounterOpts{Name: name("schedule_no_one_on_call_total"),
			Help: "Deliveries to a schedule with no one on call (nobody paged), by route and schedule."},
			[]string{"route", "schedule"}),
		Fallbacks: f.NewCounterVec(prometheus.CounterOpts{Name: name("fallbacks_total"),
			Help: "Deliveries sent to their route's fallback recipients, by route and reason (refused, quota, unreachable)."},
			[]string{"route", "reason"}),
	}
}

// observeRendered counts template errors, truncations and dropped alerts.
func (m *Metrics) observeRendered(route string, r templates.Rendered) {
	if r.Err != nil {
		m.TemplateErrors.WithLabelValues(route).Inc()
	}
	for _, f := range r.Truncated {
		m.Truncations.WithLabelValues(route, f).Inc()
	}
	if r.Dropped > 0 {
		m.AlertsDropped.WithLabelValues(route).Add(float64(r.Dropped))
	}
}
