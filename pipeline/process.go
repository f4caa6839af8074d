package pipeline

import (
	"context"
	"strings"
	"sync"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
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
	orphans := p.planCancels(answerCtx, rt, m, ns)
	p.ackLevels(answerCtx, m, ns)
	results := make([]Result, 0, len(ns)+len(orphans)+1)
	if len(unrouted) > 0 {
		results = append(results, p.unrouted(m, unrouted))
	}
	tasks := make([]task, 0, len(ns)+len(orphans))
	for _, n := range ns {
		tasks = append(tasks, task{
			run:     func(ctx context.Context) Result { return p.deliver(ctx, rt, m, n) },
			pending: Result{Route: n.Route.Name, Recipient: n.Recipient.Name, Alerts: len(n.Alerts)},
		})
	}
	for _, c := range orphans {
		tasks = append(tasks, task{
			run:     func(ctx context.Context) Result { return p.cancelOrphan(ctx, rt, c) },
			pending: Result{Route: c.Route, Recipient: c.Recipient},
		})
	}
	if len(tasks) == 0 {
		cancelWork()
		return results
	}
	p.rememberGroup(answerCtx, rt, m)
	ch := p.start(answerCtx, workCtx, cancelWork, rt, tasks)
	return append(results, p.collect(answerCtx, tasks, ch)...)
}

// task is one delivery, or one cancellation on its own; pending names it
// in the answer when it does not finish (or start) by the deadline.
type task struct {
	run     func(ctx context.Context) Result
	pending Result
}

type indexed struct {
	i int
	r Result
}

// start runs the tasks in the background, at most MaxConcurrency at once;
// what has not started when answerCtx ends is reported not started.
func (p *Pipeline) start(answerCtx, workCtx context.Context, cancelWork context.CancelFunc, rt *Runtime,
	tasks []task) <-chan indexed {
	ch := make(chan indexed, len(tasks)) // buffered: nothing blocks after an early answer
	sem := make(chan struct{}, max(rt.Config.MaxConcurrency, 1))
	p.work.Go(func() {
		defer cancelWork()
		var wg sync.WaitGroup
		for i, tk := range tasks {
			if !acquire(answerCtx, sem) {
				ch <- indexed{i, p.notStarted(tk.pending)}
				continue
			}
			wg.Go(func() {
				defer func() { <-sem }()
				ch <- indexed{i, tk.run(workCtx)}
			})
		}
		wg.Wait()
	})
	return ch
}

// collect gathers the results until answerCtx ends; what is unfinished
// then is reported failed_retryable.
func (p *Pipeline) collect(answerCtx context.Context, tasks []task, ch <-chan indexed) []Result {
	got := make([]*Result, len(tasks))
collect:
	for range tasks {
		select {
		case x := <-ch:
			got[x.i] = &x.r
		case <-answerCtx.Done():
			break collect // answer now; the rest finishes in the background
		}
	}
	out := make([]Result, 0, len(tasks))
	for i, r := range got {
		if r == nil {
			pending := tasks[i].pending // a copy: the task may still be read by start
			pending.Outcome, pending.Error = OutcomeFailedRetryable, ErrNotFinished.Error()
			r = &pending
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

func (p *Pipeline) notStarted(res Result) Result {
	p.metrics.Deliveries.WithLabelValues(res.Route, string(OutcomeFailedRetryable)).Inc()
	level.Warn(p.logger).Log("msg", "delivery not started within receiver.timeout, Alertmanager will retry",
		"route", res.Route, "recipient", res.Recipient)
	res.Outcome, res.Error = OutcomeFailedRetryable, ErrNotStarted.Error()
	return res
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

// ackLevels adds to later messages of the group where its escalation
// stands: the level acknowledged (Acknowledged.Level), or, while it
// escalates, the levels paged and the next one (Escalation).
func (p *Pipeline) ackLevels(ctx context.Context, m *webhook.Message, ns []Notification) {
	for _, n := range ns {
		if n.Data.Acknowledged == nil && n.Status != "firing" {
			continue
		}
		rec, ok := p.escalation(ctx, m, n.Route.Name)
		switch a := n.Data.Acknowledged; {
		case !ok:
		case a != nil && rec.Acked != nil && rec.Acked.By == a.By:
			a.Level = rec.Acked.Level
		case n.Status == "firing" && rec.Active():
			e := &templates.Escalation{Level: len(rec.Fired), Missed: rec.Missed()}
			if at, ok := rec.NextDue(); ok {
				e.Next, e.NextAt = len(rec.Fired)+1, at
			}
			n.Data.Escalation = e
		}
	}
}
