package groupme

import (
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// namespace prefixes the metrics, as for the rest of the bridge.
const namespace = "alertmanager_pushover"

// Metrics are the GroupMe client's metrics. Labels are bounded: the
// endpoint and the outcome, never a bot id or a group.
type Metrics struct {
	Requests *prometheus.CounterVec   // endpoint, outcome
	Duration *prometheus.HistogramVec // endpoint
}

// NewMetrics creates the metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	m := &Metrics{
		Requests: f.NewCounterVec(prometheus.CounterOpts{Namespace: namespace, Name: "groupme_requests_total",
			Help: "GroupMe API requests, by endpoint (bots_post, pictures, bots) and outcome (success, refused, rate_limited, temporary)."},
			[]string{"endpoint", "outcome"}),
		Duration: f.NewHistogramVec(prometheus.HistogramOpts{Namespace: namespace, Name: "groupme_request_duration_seconds",
			Help: "GroupMe API request latency.", Buckets: prometheus.DefBuckets}, []string{"endpoint"}),
	}
	for _, e := range []string{EndpointPost, EndpointPictures, EndpointBots} {
		for _, o := range []string{OutcomeSuccess, OutcomeRefused, OutcomeRateLimited, OutcomeTemporary} {
			m.Requests.WithLabelValues(e, o)
		}
	}
	return m
}

// ObserveRequest implements Observer.
func (m *Metrics) ObserveRequest(endpoint, outcome string, d time.Duration) {
	m.Requests.WithLabelValues(endpoint, outcome).Inc()
	m.Duration.WithLabelValues(endpoint).Observe(d.Seconds())
}

var _ Observer = (*Metrics)(nil)
