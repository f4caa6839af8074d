package receiver

import (
	"strconv"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors/version"
	"github.com/prometheus/client_golang/prometheus/promauto"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Namespace prefixes every metric of the bridge.
const Namespace = "alertmanager_pushover"

// Metrics are all of the bridge's metrics, in one place so that every
// package adds to the same set. Labels are bounded: route names, outcomes,
// endpoints, status codes; never fingerprints, alert names or keys.
type Metrics struct {
	WebhookRequests *prometheus.CounterVec   // code
	WebhookDuration prometheus.Histogram     //
	WebhooksBusy    prometheus.Counter       // answered 503 over receiver.max_inflight_requests
	WebhooksActive  prometheus.Gauge         //
	AlertsReceived  *prometheus.CounterVec   // status
	AlertsUnrouted  prometheus.Counter       //
	Deliveries      *prometheus.CounterVec   // route, outcome
	APIRequests     *prometheus.CounterVec   // endpoint, code
	APIDuration     *prometheus.HistogramVec // endpoint
	QuotaLimit      prometheus.Gauge         //
	QuotaRemaining  prometheus.Gauge         //
	QuotaReset      prometheus.Gauge         //
	QuotaExhausted  prometheus.Counter       //
	TemplateErrors  *prometheus.CounterVec   // route
	Truncations     *prometheus.CounterVec   // route, field
	AlertsDropped   *prometheus.CounterVec   // route
	Cancellations   *prometheus.CounterVec   // outcome
	emergencyMetrics
	reloadMetrics

	alertsFiring, alertsResolved prometheus.Counter // AlertsReceived's children
}

// NewMetrics creates the metrics and registers them, with the build info,
// on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	reg.MustRegister(version.NewCollector(Namespace))
	name := func(n string) string { return Namespace + "_" + n }
	m := &Metrics{
		emergencyMetrics: newEmergencyMetrics(f),
		reloadMetrics:    newReloadMetrics(f),
		WebhookRequests: f.NewCounterVec(prometheus.CounterOpts{Name: name("webhook_requests_total"),
			Help: "Webhook requests from Alertmanager, by HTTP status code answered."}, []string{"code"}),
		WebhookDuration: f.NewHistogram(prometheus.HistogramOpts{Name: name("webhook_request_duration_seconds"),
			Help: "Time to handle a webhook request.", Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
		WebhooksBusy: f.NewCounter(prometheus.CounterOpts{Name: name("webhook_requests_rejected_busy_total"),
			Help: "Webhook requests answered 503 at once because receiver.max_inflight_requests were being handled."}),
		WebhooksActive: f.NewGauge(prometheus.GaugeOpts{Name: name("webhook_requests_in_progress"),
			Help: "Webhook requests being handled (decoded, delivered), at most receiver.max_inflight_requests."}),
		AlertsReceived: f.NewCounterVec(prometheus.CounterOpts{Name: name("alerts_received_total"),
			Help: "Alerts received in webhooks, by status."}, []string{"status"}),
		AlertsUnrouted: f.NewCounter(prometheus.CounterOpts{Name: name("alerts_unrouted_total"),
			Help: "Alerts that matched no route."}),
		Deliveries: f.NewCounterVec(prometheus.CounterOpts{Name: name("deliveries_total"),
			Help: "Deliveries (one message to one recipient of a route), by route and outcome."}, []string{"route", "outcome"}),
		APIRequests: f.NewCounterVec(prometheus.CounterOpts{Name: name("api_requests_total"),
			Help: "Pushover API requests, by endpoint and HTTP status code (0: no response)."}, []string{"endpoint", "code"}),
		APIDuration: f.NewHistogramVec(prometheus.HistogramOpts{Name: name("api_request_duration_seconds"),
			Help: "Pushover API request latency.", Buckets: prometheus.DefBuckets}, []string{"endpoint"}),
		QuotaLimit: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_limit_messages"),
			Help: "Pushover monthly message limit, as last reported by the API."}),
		QuotaRemaining: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_remaining_messages"),
			Help: "Pushover messages remaining this month, as last reported by the API."}),
		QuotaReset: f.NewGauge(prometheus.GaugeOpts{Name: name("quota_reset_timestamp_seconds"),
			Help: "When the Pushover quota resets, as a Unix timestamp."}),
		QuotaExhausted: f.NewCounter(prometheus.CounterOpts{Name: name("quota_exhausted_total"),
			Help: "Deliveries refused because the Pushover quota is exhausted (HTTP 429)."}),
		TemplateErrors: f.NewCounterVec(prometheus.CounterOpts{Name: name("template_errors_total"),
			Help: "Messages sent as the plain fallback because a template failed, by route."}, []string{"route"}),
		Truncations: f.NewCounterVec(prometheus.CounterOpts{Name: name("template_truncations_total"),
			Help: "Message fields fitted to Pushover's limits, by route and field."}, []string{"route", "field"}),
		AlertsDropped: f.NewCounterVec(prometheus.CounterOpts{Name: name("alerts_dropped_from_message_total"),
			Help: "Alerts left out of messages to fit Pushover's limits (\"and N more\"), by route."}, []string{"route"}),
		Cancellations: f.NewCounterVec(prometheus.CounterOpts{Name: name("emergency_cancellations_total"),
			Help: "cancel_by_tag calls for emergencies whose alerts no longer warrant one, by outcome."}, []string{"outcome"}),
	}
	m.alertsFiring, m.alertsResolved = m.AlertsReceived.WithLabelValues("firing"), m.AlertsReceived.WithLabelValues("resolved")
	return m
}

// ObserveRequest implements pushover.Observer.
func (m *Metrics) ObserveRequest(endpoint string, code int, d time.Duration) {
	m.APIRequests.WithLabelValues(endpoint, strconv.Itoa(code)).Inc()
	m.APIDuration.WithLabelValues(endpoint).Observe(d.Seconds())
}

// ObserveLimits implements pushover.Observer.
func (m *Metrics) ObserveLimits(l pushover.Limits) {
	m.QuotaLimit.Set(float64(l.Limit))
	m.QuotaRemaining.Set(float64(l.Remaining))
	if !l.Reset.IsZero() {
		m.QuotaReset.Set(float64(l.Reset.Unix()))
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

var _ pushover.Observer = (*Metrics)(nil)
