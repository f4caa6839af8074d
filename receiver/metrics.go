package receiver

import (
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/promauto"
)

// Metrics follow the HTTP side: webhook requests and the alerts they
// carry. Labels are bounded (status codes, alert statuses).
type Metrics struct {
	WebhookRequests *prometheus.CounterVec // code
	WebhookDuration prometheus.Histogram
	WebhooksBusy    prometheus.Counter // answered 503 over receiver.max_inflight_requests
	// WebhooksReserved counts webhooks admitted on receiver.emergency_reserve.
	WebhooksReserved prometheus.Counter
	WebhooksActive   prometheus.Gauge
	AlertsReceived   *prometheus.CounterVec // status

	alertsFiring, alertsResolved prometheus.Counter // AlertsReceived's children
}

// NewMetrics creates the webhook metrics and registers them on reg.
func NewMetrics(reg prometheus.Registerer) *Metrics {
	f := promauto.With(reg)
	name := func(n string) string { return "alertmanager_pushover_" + n }
	m := &Metrics{
		WebhookRequests: f.NewCounterVec(prometheus.CounterOpts{Name: name("webhook_requests_total"),
			Help: "Webhook requests from Alertmanager, by HTTP status code answered."}, []string{"code"}),
		WebhookDuration: f.NewHistogram(prometheus.HistogramOpts{Name: name("webhook_request_duration_seconds"),
			Help: "Time to handle a webhook request.", Buckets: []float64{.01, .05, .1, .25, .5, 1, 2.5, 5, 10}}),
		WebhooksBusy: f.NewCounter(prometheus.CounterOpts{Name: name("webhook_requests_rejected_busy_total"),
			Help: "Webhook requests answered 503 at once because receiver.max_inflight_requests were being handled."}),
		WebhooksReserved: f.NewCounter(prometheus.CounterOpts{Name: name("webhook_requests_reserved_total"),
			Help: "Webhook requests beyond receiver.max_inflight_requests handled because they may page (receiver.emergency_reserve)."}),
		WebhooksActive: f.NewGauge(prometheus.GaugeOpts{Name: name("webhook_requests_in_progress"),
			Help: "Webhook requests being handled (decoded, delivered), at most receiver.max_inflight_requests plus receiver.emergency_reserve."}),
		AlertsReceived: f.NewCounterVec(prometheus.CounterOpts{Name: name("alerts_received_total"),
			Help: "Alerts received in webhooks, by status."}, []string{"status"}),
	}
	m.alertsFiring, m.alertsResolved = m.AlertsReceived.WithLabelValues("firing"), m.AlertsReceived.WithLabelValues("resolved")
	return m
}
