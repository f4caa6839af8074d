package pushover

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics follow the API: requests, latency and the message quota. They
// implement Observer.
type Metrics struct {
	Requests       *prometheus.CounterVec   // endpoint, code
	Duration       *prometheus.HistogramVec // endpoint
	QuotaLimit     prometheus.Gauge
	QuotaRemaining prometheus.Gauge
	QuotaReset     prometheus.Gauge
}

// NewMetrics creates the API metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	name := func(n string) string { return "alertmanager_pushover_" + n }
	return &Metrics{
		Requests: f.NewCounterVec(prometheus.CounterOpts{Name: name("api_requests_total"),
			Help: "Pushover API requests, by endpoint and HTTP status code (0: no response)."}, []string{"endpoint", "code"}),
		Duration: f.NewHistogramVec(prometheus.HistogramOpts{Name: name("api_request_duration_seconds"),
			Help: "Pushover API request latency.", Buckets: prometheus.DefBuckets}, []string{"endpoint"}),
		QuotaLimit: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_limit_messages"),
			Help: "Pushover monthly message limit, as last reported by the API."}),
		QuotaRemaining: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_remaining_messages"),
			Help: "Pushover messages remaining this month, as last reported by the API."}),
		QuotaReset: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_reset_timestamp_seconds"),
			Help: "When the Pushover quota resets, as a Unix timestamp."}),
	}
}

// ObserveRequest implements Observer.
func (m *Metrics) ObserveRequest(endpoint string, code int, d time.Duration) {
	m.Requests.WithLabelValues(endpoint, strconv.Itoa(code)).Inc()
	m.Duration.WithLabelValues(endpoint).Observe(d.Seconds())
}

// ObserveLimits implements Observer.
func (m *Metrics) ObserveLimits(l Limits) {
	m.QuotaLimit.Set(float64(l.Limit))
	m.QuotaRemaining.Set(float64(l.Remaining))
	if !l.Reset.IsZero() {
		m.QuotaReset.Set(float64(l.Reset.Unix()))
	}
}

var _ Observer = (*Metrics)(nil)
