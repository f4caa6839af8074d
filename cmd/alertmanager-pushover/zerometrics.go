package main

import (
	"strconv"

	"github.com/prometheus/client_golang/prometheus"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// deliveryOutcomes are the outcomes a route's delivery can have (unrouted
// belongs to route "" only).
var deliveryOutcomes = []pipeline.Outcome{
	pipeline.OutcomeSent, pipeline.OutcomeDryRun, pipeline.OutcomeDeduplicated, pipeline.OutcomeSkipped,
	pipeline.OutcomeRinging, pipeline.OutcomeFailedRetryable, pipeline.OutcomeFailedPermanent,
	pipeline.OutcomeNoOneOnCall,
	pipeline.OutcomeFallbackSent,
}

// fallbackReasons are the reason label values of fallbacks_total.
var fallbackReasons = []string{pipeline.ReasonRefused, pipeline.ReasonQuota, pipeline.ReasonUnreachable}

// cancellationOutcomes and silenceOutcomes are the outcome label values of
// emergency_cancellations_total and silences_total.
var (
	cancellationOutcomes = []string{"ok", "dry_run",
		string(pipeline.OutcomeFailedRetryable), string(pipeline.OutcomeFailedPermanent)}
	silenceOutcomes = []string{"created", "failed"}
)

// zeroCounters creates, at 0, every series of a counter whose label values
// are known from the configuration, so that increase() and rate() in
// alert rules see the first event (a series that appears with the value 1
// has no increase). Call it on start-up and after every reload: a new
// route's series then exist too. Series of removed routes stay (at their
// last value) until the restart.
func zeroCounters(all *metrics, cfg *config.Config) {
	m, em := all.pipeline, all.emergency
	routes := routeNames(cfg)
	for _, r := range routes {
		for _, o := range deliveryOutcomes {
			m.Deliveries.WithLabelValues(r, string(o))
		}
	}
	m.Deliveries.WithLabelValues("", string(pipeline.OutcomeUnrouted))
	for _, r := range cfg.Built().Router.Routes {
		if len(r.Fallback) > 0 {
			for _, reason := range fallbackReasons {
				m.Fallbacks.WithLabelValues(r.Name, reason)
			}
		}
	}
	touch(m.TemplateErrors, routes)
	touch(em.Acknowledged, routes)
	touch(m.AlertsDropped, routes)
	touch(m.Cancellations, cancellationOutcomes)
	touch(em.Silences, silenceOutcomes)
	zeroEscalation(all, cfg)
}

// zeroEscalation creates, at 0, the series of every escalation level of
// every route (fired, page errors) and of every schedule a route's to
// names (no one on call).
func zeroEscalation(all *metrics, cfg *config.Config) {
	for _, r := range cfg.Built().Router.Routes {
		for i := range r.Settings.Escalate {
			lvl := strconv.Itoa(i + 2)
			all.escalation.Fired.WithLabelValues(r.Name, lvl)
			all.escalation.PageErrors.WithLabelValues(r.Name, lvl)
		}
		for _, rcp := range r.To {
			if rcp.Schedule {
				all.pipeline.NoOneOnCall.WithLabelValues(r.Name, rcp.Name)
			}
		}
	}
}

// touch creates the series of a one-label counter for each value.
func touch(vec *prometheus.CounterVec, values []string) {
	for _, v := range values {
		vec.WithLabelValues(v)
	}
}

// routeNames are the names of cfg's routes, in order.
func routeNames(cfg *config.Config) []string {
	routes := cfg.Built().Router.Routes
	names := make([]string, 0, len(routes))
	for _, r := range routes {
		names = append(names, r.Name)
	}
	return names
}
