package pipeline

import (
	"context"
	"strings"
	"sync"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// Process carries out the webhook m: it plans its deliveries and carries
// them out, at most rt.Config.MaxConcurrency at a time, and returns one
// Result per delivery by rt.Config.Timeout, counted from before planning.
//
// At that deadline the answer goes out: what did not start is reported
// failed_retryable (so Alertmanager retries) and is not started; what is
// in flight keeps running for up to another Timeout and records in the
// ledger what Pushover accepted, so the retry does not double it.
func (p *Pipeline) Process(ctx context.Context, rt *Runtime, m *webhook.Message) []Result {
	answerCtx, cancel := context.WithTimeout(ctx, rt.Config.Timeout)
	defer cancel()
	workCtx, cancelWork := context.WithTimeout(context.WithoutCancel(ctx), 2*rt.Config.Timeout)
	ns, unrouted := Plan(answerCtx, rt, m, p.tracker)
	PlanCharts(rt, ns)
	results := make([]Result, 0, len(ns)+1)
	if len(unrouted) > 0 {
		results = append(results, p.unrouted(m, unrouted))
	}
	if len(ns) == 0 {
		cancelWork()
		return results
	}
	ch := p.start(answerCtx, workCtx, cancelWork, rt, m, ns)
	return append(results, p.collect(answerCtx, ns, ch)...)
}

type indexed struct {
	i int
	r Result
}

// start runs the deliveries in the background, at most MaxConcurrency at
// once; what has not started when answerCtx ends is reported not started.
func (p *Pipeline) start(answerCtx, workCtx context.Context, cancelWork context.CancelFunc, rt *Runtime,
	m *webhook.Message, ns []Notification) <-chan indexed {
	ch := make(chan indexed, len(ns)) // buffered: nothing blocks after an early answer
	sem := make(chan struct{}, max(rt.Config.MaxConcurrency, 1))
	p.work.Go(func() {
		defer cancelWork()
		var wg sync.WaitGroup
		for i, n := range ns {
			if !acquire(answerCtx, sem) {
				ch <- indexed{i, p.notStarted(n)}
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				ch <- indexed{i, p.deliver(workCtx, rt, m, n)}
			})
		}
		wg.Wait()
	})
	return ch
}

// collect gathers the results until answerCtx ends; what is unfinished
// then is reported failed_retryable.
func (p *Pipeline) collect(answerCtx context.Context, ns []Notification, ch <-chan indexed) []Result {
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
	out := make([]Result, 0, len(ns))
	for i, r := range got {
		if r == nil {
			r = &Result{Route: ns[i].Route.Name, Recipient: ns[i].Recipient.Name, Alerts: len(ns[i].Alerts),
				Outcome: OutcomeFailedRetryable, Error: ErrNotFinished.Error()}
		}
		out = append(out, *r)
	}
	return out
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

func (p *Pipeline) notStarted(n Notification) Result {
	p.metrics.Deliveries.WithLabelValues(n.Route.Name, string(OutcomeFailedRetryable)).Inc()
	level.Warn(p.logger).Log("msg", "delivery not started within receiver.timeout, Alertmanager will retry",
		"route", n.Route.Name, "recipient", n.Recipient.Name)
	return Result{Route: n.Route.Name, Recipient: n.Recipient.Name, Alerts: len(n.Alerts),
		Outcome: OutcomeFailedRetryable, Error: ErrNotStarted.Error()}
}

// unrouted logs and counts the alerts that matched no route. They do not
// fail the request: no retry can route them.
func (p *Pipeline) unrouted(m *webhook.Message, alerts template.Alerts) Result {
	p.metrics.AlertsUnrouted.Add(float64(len(alerts)))
	p.metrics.Deliveries.WithLabelValues("", string(OutcomeUnrouted)).Inc()
	names := make([]string, 0, len(alerts))
	for _, a := range alerts {
		names = append(names, a.Labels["alertname"])
	}
	level.Warn(p.logger).Log("msg", "alerts matched no route and are not delivered", "receiver", m.Receiver,
		"group_key", m.GroupKey, "alerts", len(alerts), "alertnames", strings.Join(names, ","))
	res := Result{Outcome: OutcomeUnrouted, Alerts: len(alerts), Error: "no route matches these alerts"}
	p.remember(res)
	return res
}
