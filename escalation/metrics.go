package escalation

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics counts the engine's work. Labels are bounded: routes come from
// the configuration, levels from its escalate lists. A nil *Metrics
// counts nothing.
type Metrics struct {
	TimeToAck  *prometheus.HistogramVec // route, level
	Fired      *prometheus.CounterVec   // route, level
	PageErrors *prometheus.CounterVec   // route, level
	CancelErrs prometheus.Counter
	Pending    prometheus.Gauge
}

// NewMetrics registers the metrics with reg (nil: not registered).
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	const ns, sub = "alertmanager_pushover", "escalation"
	return &Metrics{
		TimeToAck: f.NewHistogramVec(prometheus.HistogramOpts{Namespace: ns, Subsystem: sub,
			Name:    "time_to_acknowledge_seconds",
			Help:    "Time from an escalation's first page to its acknowledgement, by route and the level acknowledged (0: unknown).",
			Buckets: []float64{30, 60, 120, 300, 600, 900, 1200, 1800, 2700, 3600, 7200, 10800}},
			[]string{"route", "level"}),
		Fired: f.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "fired_total",
			Help: "Escalation levels fired (level 2 and up), by route and level."}, []string{"route", "level"}),
		PageErrors: f.NewCounterVec(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "page_errors_total",
			Help: "Escalation pages that failed and will be retried, by route and level."}, []string{"route", "level"}),
		CancelErrs: f.NewCounter(prometheus.CounterOpts{Namespace: ns, Subsystem: sub, Name: "cancel_errors_total",
			Help: "Failed attempts to cancel the receipts of an acknowledged or resolved escalation (retried)."}),
		Pending: f.NewGauge(prometheus.GaugeOpts{Namespace: ns, Subsystem: sub, Name: "pending",
			Help: "Escalations with a level still to fire or receipts still to cancel."}),
	}
}

func (m *Metrics) acked(route string, level int, d time.Duration) {
	if m != nil {
		m.TimeToAck.WithLabelValues(route, strconv.Itoa(level)).Observe(d.Seconds())
	}
}

func (m *Metrics) fired(route string, level int) {
	if m != nil {
		m.Fired.WithLabelValues(route, strconv.Itoa(level)).Inc()
	}
}

func (m *Metrics) pageError(route string, level int) {
	if m != nil {
		m.PageErrors.WithLabelValues(route, strconv.Itoa(level)).Inc()
	}
}

func (m *Metrics) cancelError() {
	if m != nil {
		m.CancelErrs.Inc()
	}
}

func (m *Metrics) pending(n int) {
	if m != nil {
		m.Pending.Set(float64(n))
	}
}
