package receiver

import (
	"context"
	"strings"
	"sync"
	"time"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"
)

// process plans the deliveries of m and carries them out, at most
// rt.Config.MaxConcurrency at a time, until rt.Config.Timeout.
//
// At that deadline the answer goes out: what did not start is reported
// failed_retryable (so Alertmanager retries) and is not started; what is
// in flight keeps running for up to another Timeout and records in the
// ledger what Pushover accepted, so the retry does not double it.
func (h *Handler) process(ctx context.Context, rt *Runtime, m *Message) []Result {
	ns, unrouted := PlanWith(rt, m, &EmergencyView{Ledger: h.ledger, Now: h.now()})
	results := make([]Result, 0, len(ns)+1)
	if len(unrouted) > 0 {
		results = append(results, h.unrouted(m, unrouted))
	}
	if len(ns) == 0 {
		return results
	}
	timeout := time.Duration(rt.Config.Timeout)
	answerCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	workCtx, cancelWork := context.WithTimeout(context.WithoutCancel(ctx), 2*timeout)

	type indexed struct {
		i int
		r Result
	}
	ch := make(chan indexed, len(ns))
	sem := make(chan struct{}, rt.Config.MaxConcurrency)
	h.inflight.Add(1)
	go func() {
		defer h.inflight.Done()
		defer cancelWork()
		var wg sync.WaitGroup
		for i, n := range ns {
			if !acquire(answerCtx, sem) {
				ch <- indexed{i, h.notStarted(n)}
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				defer func() { <-sem }()
				ch <- indexed{i, h.deliver(workCtx, rt, m, n)}
			}()
		}
		wg.Wait()
	}()

	got := make([]*Result, len(ns))
collect:
	for range ns {
		select {
		case x := <-ch:
			got[x.i] = &x.r
		case <-answerCtx.Done():
			break collect // answer now; the rest finishes in the background
		}
	}
	for i, r := range got {
		if r == nil {
			r = &Result{Route: ns[i].Route.Name, Recipient: ns[i].Recipient.Name, Alerts: len(ns[i].Alerts),
				Outcome: OutcomeFailedRetryable, Error: "not finished within receiver.timeout"}
		}
		results = append(results, *r)
	}
	return results
}

// acquire takes a slot of sem unless ctx ended first.
func acquire(ctx context.Context, sem chan struct{}) bool {
	if ctx.Err() != nil {
		return false
	}
	select {
	case sem <- struct{}{}:
		return true
	case <-ctx.Done():
		return false
	}
}

func (h *Handler) notStarted(n Notification) Result {
	h.metrics.Deliveries.WithLabelValues(n.Route.Name, string(OutcomeFailedRetryable)).Inc()
	level.Warn(h.logger).Log("msg", "delivery not started within receiver.timeout, Alertmanager will retry",
		"route", n.Route.Name, "recipient", n.Recipient.Name)
	return Result{Route: n.Route.Name, Recipient: n.Recipient.Name, Alerts: len(n.Alerts),
		Outcome: OutcomeFailedRetryable, Error: "not started within receiver.timeout"}
}

// unrouted logs and counts the alerts that matched no route. They do not
// fail the request: no retry can route them.
func (h *Handler) unrouted(m *Message, alerts template.Alerts) Result {
	h.metrics.AlertsUnrouted.Add(float64(len(alerts)))
	h.metrics.Deliveries.WithLabelValues("", string(OutcomeUnrouted)).Inc()
	names := make([]string, 0, len(alerts))
	for _, a := range alerts {
		names = append(names, a.Labels["alertname"])
	}
	level.Warn(h.logger).Log("msg", "alerts matched no route and are not delivered", "receiver", m.Receiver,
		"group_key", m.GroupKey, "alerts", len(alerts), "alertnames", strings.Join(names, ","))
	res := Result{Outcome: OutcomeUnrouted, Alerts: len(alerts), Error: "no route matches these alerts"}
	h.remember(res)
	return res
}
