package pipeline

import (
	"context"
	"fmt"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// claimMargin is added to twice receiver.timeout for a claim's TTL: a
// delivery runs at most that long (see Process).
const claimMargin = 30 * time.Second

// deliver carries out one planned notification in stages: claim its key
// (an earlier attempt may still be in flight; the ledger may hold it
// already), hold or cancel as planned, then render, send and record. It
// logs and counts its own outcome.
func (p *Pipeline) deliver(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification) (res Result) {
	res = Result{Route: n.Route.Name, Recipient: n.Recipient.Name, Schedule: n.Schedule, Alerts: len(n.Alerts),
		isFallback: n.fallback}
	if n.Action != Skip {
		res.Priority = n.Priority.String()
	}
	defer func() {
		p.metrics.Deliveries.WithLabelValues(res.Route, string(res.Outcome)).Inc()
		p.remember(res)
	}()
	if n.Action == NoOneOnCall {
		return p.noOneOnCall(ctx, m, n, res)
	}
	release, err := p.sending.claim(ctx, n.Key)
	if err != nil {
		return p.failed(rt, res, err)
	}
	defer release()
	c := p.claim(ctx, rt, m, n)
	if c.State != ledger.Claimed {
		res = p.settled(res, c, n.Recipient)
		if c.State == ledger.Refused && !n.fallback && len(n.Route.Fallback) > 0 {
			res.reason = ReasonRefused
		}
		return p.fallback(ctx, rt, m, n, res)
	}
	sent := false
	defer func() {
		if !sent {
			_ = p.ledger.Release(context.WithoutCancel(ctx), n.Key, c.holder)
		}
	}()
	p.resolveEscalation(ctx, m, n)
	if n.Action == Send {
		p.startChart(ctx, rt, n) // while cancelling: it is bounded by prometheus.timeout
	}
	done, res := p.beforeSend(ctx, rt, n, res)
	if done {
		return res
	}
	sent = true // from here on, send settles the claim
	return p.fallback(ctx, rt, m, n, p.send(ctx, rt, m, n, res, c.holder))
}

// heldClaim is a ledger claim and who holds it.
type heldClaim struct {
	ledger.Claim
	holder string
}

// claim asks the ledger for the delivery's key. On a reminder ("repeat
// interval elapsed", or no reason before Alertmanager v0.32) an acceptance
// older than the dedup window does not count: it is a genuine reminder. A
// ledger error is logged and counts as claimed: a double page is better
// than a lost one.
func (p *Pipeline) claim(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification) heldClaim {
	now := p.now()
	h := heldClaim{holder: fmt.Sprintf("%s/%d", p.holder, p.seq.Add(1))}
	req := ledger.ClaimRequest{Holder: h.holder, TTL: 2*rt.Config.Timeout + claimMargin,
		RefusedSince: now.Add(-rt.Config.DedupWindow)}
	if m.NotificationReason == webhook.ReasonRepeat || m.NotificationReason == "" {
		req.AcceptedSince = now.Add(-rt.Config.DedupWindow)
	}
	c, err := p.ledger.Claim(ctx, n.Key, req)
	if err != nil {
		level.Warn(p.logger).Log("msg", "ledger lookup failed, sending anyway", "route", n.Route.Name, "err", err)
		c = ledger.Claim{State: ledger.Claimed}
	}
	h.Claim = c
	return h
}

// settled is the result of a delivery the ledger already settled.
func (p *Pipeline) settled(res Result, c heldClaim, rcp *routing.Recipient) Result {
	switch c.State {
	case ledger.Accepted:
		res.Outcome = OutcomeDeduplicated
		level.Debug(p.logger).Log("msg", "delivery already accepted, not sending again",
			"route", res.Route, "recipient", res.Recipient)
	case ledger.Refused:
		res.Outcome, res.Error = OutcomeFailedPermanent, ErrRefusedBefore.Error()
		if !isPushover(rcp) { // ErrRefusedBefore names Pushover
			res.Error = fmt.Sprintf("the %s destination refused this message earlier (within receiver.dedup_window); the request is not repeated", rcp.Kind)
		}
		level.Warn(p.logger).Log("msg", "the destination refused this message earlier, not repeating the request",
			"route", res.Route, "recipient", res.Recipient)
	default:
		res.Outcome, res.Error = OutcomeFailedRetryable, ErrHeldElsewhere.Error()
		level.Warn(p.logger).Log("msg", "the same delivery is in flight, or Pushover may yet accept an earlier attempt: "+
			"not sending it again now, Alertmanager will retry", "route", res.Route, "recipient", res.Recipient)
	}
	return res
}

// beforeSend holds a ringing emergency, cancels what the plan says to
// cancel, and skips what is not to be sent; done reports that res is final.
func (p *Pipeline) beforeSend(ctx context.Context, rt *Runtime, n Notification, res Result) (bool, Result) {
	if n.Action == HoldRinging {
		res.Outcome = OutcomeRinging
		level.Info(p.logger).Log("msg", "emergency still ringing, not paging again",
			"route", res.Route, "recipient", res.Recipient, "tag", n.Tag)
		return true, res
	}
	for _, c := range n.Cancels {
		count, err := p.cancel(ctx, rt, c)
		res.Cancelled += count
		if err != nil { // may pass: the message waits for Alertmanager's retry
			return true, p.failed(rt, res, err)
		}
	}
	if n.Action == Skip {
		res.Outcome = OutcomeSkipped
		return true, res
	}
	return false, res
}

// noOneOnCall answers a delivery to a schedule with no one on call: it is
// logged, counted and answered as such (422 unless something else is
// retryable: a retry cannot change who is on call), and, for an emergency
// on a route with escalate levels, starts the escalation, so that the
// next level is paged when its time comes.
func (p *Pipeline) noOneOnCall(ctx context.Context, m *webhook.Message, n Notification, res Result) Result {
	res.Outcome, res.Recipient = OutcomeNoOneOnCall, ""
	res.Error = fmt.Sprintf("schedule %q has no one on call", n.Schedule)
	p.metrics.NoOneOnCall.WithLabelValues(n.Route.Name, n.Schedule).Inc()
	level.Warn(p.logger).Log("msg", "no one is on call for the schedule the route pages; nobody paged",
		"route", n.Route.Name, "schedule", n.Schedule, "priority", res.Priority, "alerts", res.Alerts,
		"escalates", len(n.Route.Settings.Escalate) > 0 && n.Priority == priority.Emergency)
	p.startEscalation(context.WithoutCancel(ctx), m, n, "")
	return res
}
