package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// send renders n (unless its destination renders itself), hands its page
// to the Notifier of its recipient's kind, and settles the claim holder
// holds: accepted (recorded, with the emergency's receipt), refused for
// good, or released for a retry.
func (p *Pipeline) send(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification, res Result, holder string) Result {
	d, err := p.notify(ctx, rt, &n)
	// Settle even when the request's answer has already gone out, so the
	// retry Alertmanager sends does not double what finished late.
	settle := context.WithoutCancel(ctx)
	if err != nil {
		p.settleFailure(settle, rt, n, res, holder, err)
		res = p.failed(rt, res, err)
		res.reason = p.fallbackReason(ctx, rt, m, n, err)
		return res
	}
	res.Request = d.ID
	if rt.DryRun { // the destination accepted nothing: record nothing (the ledger may be the live one's)
		p.ledgerError(res, "released", p.ledger.Release(settle, n.Key, holder))
		res.Outcome = OutcomeDryRun
		level.Info(p.logger).Log("msg", "dry run: message logged, not sent", "route", res.Route,
			"recipient", res.Recipient, "priority", res.Priority, "alerts", res.Alerts)
		return res
	}
	p.ledgerError(res, "accepted", p.ledger.Accept(settle, n.Key, holder, p.now()))
	if d.Receipt != "" && n.Priority == priority.Emergency {
		p.noteLedger(p.tracker.Record(settle, emergency.Sent{Receipt: d.Receipt, Tag: n.Tag, Receiver: m.Receiver,
			GroupKey: m.GroupKey, ExternalURL: m.ExternalURL, Route: n.Route.Name, Recipient: n.Recipient.Name,
			Alerts: n.Alerts, SilenceFor: n.Route.Settings.SilenceOnAck, Expire: n.Route.Settings.Expire}))
		p.startEscalation(settle, m, n, d.Receipt)
	}
	res.Outcome = OutcomeSent
	if d.Digested > 0 {
		res.Outcome = OutcomeDigested
	}
	level.Info(p.logger).Log("msg", "message accepted", "outcome", res.Outcome, "destination", kindOf(n.Recipient),
		"route", res.Route, "recipient", res.Recipient, "priority", res.Priority, "alerts", res.Alerts,
		"request", res.Request, "fallback", n.fallback, "digest_of", d.Digested)
	return res
}

// notify renders n for its recipient's Notifier, unless that renders
// pages itself, waits for its chart, and hands it the page (the Notifier
// sends it without a chart the destination refuses).
func (p *Pipeline) notify(ctx context.Context, rt *Runtime, n *Notification) (Delivered, error) {
	nt, err := notifierFor(rt, kindOf(n.Recipient))
	if err != nil {
		return Delivered{}, err
	}
	if _, self := nt.(SelfRendering); !self {
		Render(rt, n)
		p.observeRendered(rt, *n)
	}
	n.PNG = waitChart(ctx, n)
	return nt.Notify(ctx, n.Page(rt))
}

// settleFailure settles the claim of a send that failed: refused for good
// (never repeat the request), unanswered (the destination may have
// accepted it, or may still: hold the claim for the dedup window, so that
// Alertmanager's retries meanwhile answer 503 without sending it again),
// or released (a retry may pass).
func (p *Pipeline) settleFailure(ctx context.Context, rt *Runtime, n Notification, res Result, holder string, err error) {
	var de *DestinationError
	isDE := errors.As(err, &de)
	switch {
	case isDE && de.Class == Permanent:
		p.ledgerError(res, "refused", p.ledger.Refuse(ctx, n.Key, holder, p.now()))
	case isDE && de.MaybeAccepted && !rt.DryRun:
		hold := max(rt.Config.DedupWindow, 2*rt.Config.Timeout+claimMargin)
		_, cerr := p.ledger.Claim(ctx, n.Key, ledger.ClaimRequest{Holder: holder, TTL: hold})
		p.ledgerError(res, "held", cerr)
		level.Warn(p.logger).Log("msg", destination(err)+" did not answer: it may have accepted the message, "+
			"which is not sent again for the hold", "route", res.Route, "recipient", res.Recipient, "hold", hold)
	default:
		p.ledgerError(res, "released", p.ledger.Release(ctx, n.Key, holder))
	}
}

func (p *Pipeline) ledgerError(res Result, what string, err error) {
	p.noteLedger(err)
	if err != nil {
		level.Error(p.logger).Log("msg", "could not record a delivery as "+what, "route", res.Route, "err", err)
	}
}

// failed classifies err into res, logs it and counts a quota error.
func (p *Pipeline) failed(rt *Runtime, res Result, err error) Result {
	outcome, quota := classify(err, p.now(), rt.Config.QuotaRetryWindow)
	res.Outcome, res.Error = outcome, rt.Secrets.String(err.Error())
	kv := []any{"route", res.Route, "recipient", res.Recipient, "outcome", outcome, "err", res.Error}
	switch {
	case quota:
		p.metrics.QuotaExhausted.Inc()
		var de *DestinationError
		if errors.As(err, &de) && !de.Reset.IsZero() {
			kv = append(kv, "quota_reset", de.Reset.UTC().Format(time.RFC3339))
		}
		level.Error(p.logger).Log(append([]any{"msg", destination(err) + " message quota exhausted: messages are not delivered"}, kv...)...)
	case outcome == OutcomeFailedPermanent:
		level.Error(p.logger).Log(append([]any{"msg", destination(err) + " refused the message"}, kv...)...)
	default:
		level.Warn(p.logger).Log(append([]any{"msg", "sending failed, Alertmanager will retry"}, kv...)...)
	}
	return res
}

// destination names the destination that failed with err, for logs.
func destination(err error) string {
	var de *DestinationError
	if errors.As(err, &de) && de.Destination != "" {
		return de.Destination
	}
	return "Pushover"
}

// observeRendered logs and counts the template problems of a notification
// about to be sent.
func (p *Pipeline) observeRendered(rt *Runtime, n Notification) {
	p.metrics.observeRendered(n.Route.Name, n.Rendered)
	if n.PriorityErr != nil {
		p.metrics.TemplateErrors.WithLabelValues(n.Route.Name).Inc()
		level.Error(p.logger).Log("msg", "priority template failed, using fallback priority", "route", n.Route.Name,
			"fallback", FallbackPriority.String(), "err", rt.Secrets.String(n.PriorityErr.Error()))
	}
	if n.Rendered.Err != nil {
		level.Error(p.logger).Log("msg", "template failed, sending the plain fallback message", "route", n.Route.Name,
			"err", rt.Secrets.String(n.Rendered.Err.Error()))
	}
}
