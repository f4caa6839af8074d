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
	// The queue for a connection (QueueObserver).
	QueueDepth       *prometheus.GaugeVec     // priority
	QueueWait        *prometheus.HistogramVec // priority
	Digests          prometheus.Counter
	DigestedMessages prometheus.Counter
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
		QueueDepth: f.NewGaugeVec(prometheus.GaugeOpts{Name: name("queue_depth"),
			Help: "Pushover requests waiting for one of the two connections, by priority (cancels count as emergency)."}, []string{"priority"}),
		QueueWait: f.NewHistogramVec(prometheus.HistogramOpts{Name: name("queue_wait_seconds"),
			Help:    "How long Pushover requests waited for a connection, by priority.",
			Buckets: []float64{.001, .01, .05, .1, .25, .5, 1, 2.5, 5, 10, 30, 60}}, []string{"priority"}),
		Digests: f.NewCounter(prometheus.CounterOpts{Name: name("digests_total"),
			Help: "Digest messages Pushover accepted (waiting messages to one recipient folded into one; see pushover.digest)."}),
		DigestedMessages: f.NewCounter(prometheus.CounterOpts{Name: name("digested_messages_total"),
			Help: "Messages folded into a digest that Pushover accepted."}),
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

// ObserveQueue implements QueueObserver.
func (m *Metrics) ObserveQueue(p Priority, waiting int) {
	m.QueueDepth.WithLabelValues(p.String()).Set(float64(waiting))
}

// ObserveWait implements QueueObserver.
func (m *Metrics) ObserveWait(p Priority, d time.Duration) {
	m.QueueWait.WithLabelValues(p.String()).Observe(d.Seconds())
}

// ObserveDigest implements QueueObserver.
func (m *Metrics) ObserveDigest(messages int) {
	m.Digests.Inc()
	m.DigestedMessages.Add(float64(messages))
}

var (
	_ Observer      = (*Metrics)(nil)
	_ QueueObserver = (*Metrics)(nil)
)
