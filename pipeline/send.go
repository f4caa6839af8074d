package pipeline

import (
	"context"
	"errors"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// send renders n, sends it, and settles the claim holder holds: accepted
// (recorded, with the emergency's receipt), refused for good, or released
// for a retry.
func (p *Pipeline) send(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification, res Result, holder string) Result {
	Render(rt, &n)
	p.observeRendered(rt, n)
	attachChart(ctx, &n)
	resp, err := p.sendMessage(ctx, rt, n, res)
	// Settle even when the request's answer has already gone out, so the
	// retry Alertmanager sends does not double what finished late.
	settle := context.WithoutCancel(ctx)
	if err != nil {
		p.settleFailure(settle, rt, n, res, holder, err)
		res = p.failed(rt, res, err)
		res.reason = p.fallbackReason(ctx, rt, m, n, err)
		return res
	}
	if resp != nil {
		res.Request = resp.Request
	}
	if rt.DryRun { // Pushover accepted nothing: record nothing (the ledger may be the live one's)
		p.ledgerError(res, "released", p.ledger.Release(settle, n.Key, holder))
		res.Outcome = OutcomeDryRun
		level.Info(p.logger).Log("msg", "dry run: message logged, not sent", "route", res.Route,
			"recipient", res.Recipient, "priority", res.Priority, "alerts", res.Alerts)
		return res
	}
	p.ledgerError(res, "accepted", p.ledger.Accept(settle, n.Key, holder, p.now()))
	if resp != nil && resp.Receipt != "" && n.Priority == pushover.PriorityEmergency {
		p.tracker.Record(settle, emergency.Sent{Receipt: resp.Receipt, Tag: n.Tag, Receiver: m.Receiver,
			GroupKey: m.GroupKey, ExternalURL: m.ExternalURL, Route: n.Route.Name, Recipient: n.Recipient.Name,
			Alerts: n.Alerts, SilenceFor: n.Route.Settings.SilenceOnAck, Expire: n.Message.Expire})
	}
	res.Outcome = OutcomeSent
	level.Info(p.logger).Log("msg", "message accepted", "outcome", res.Outcome, "route", res.Route, "recipient", res.Recipient,
		"priority", res.Priority, "alerts", res.Alerts, "request", res.Request)
	return res
}

// sendMessage sends n's message; when Pushover refuses it for its chart,
// it sends it again without: a chart never loses a page.
func (p *Pipeline) sendMessage(ctx context.Context, rt *Runtime, n Notification, res Result) (*pushover.Response, error) {
	e := Envelope{Route: res.Route, Recipient: res.Recipient, Message: n.Message, SecretURL: n.ActionLink}
	resp, err := rt.Sender.Send(ctx, e)
	if err == nil || n.Message.Attachment == nil || !attachmentRefused(err) {
		return resp, err
	}
	level.Warn(p.logger).Log("msg", "Pushover refused the chart, sending the message without it", "route", res.Route,
		"recipient", res.Recipient, "err", rt.Secrets.String(err.Error()))
	msg := *n.Message
	msg.Attachment = nil
	e.Message = &msg
	return rt.Sender.Send(ctx, e)
}

// settleFailure settles the claim of a send that failed: refused for good
// (never repeat the request), unanswered (Pushover may have accepted it,
// or may still: hold the claim for the dedup window, so that Alertmanager's
// retries meanwhile answer 503 without sending it again), or released (a
// retry may pass).
func (p *Pipeline) settleFailure(ctx context.Context, rt *Runtime, n Notification, res Result, holder string, err error) {
	var ae *pushover.APIError
	switch {
	case errors.As(err, &ae):
		p.ledgerError(res, "refused", p.ledger.Refuse(ctx, n.Key, holder, p.now()))
	case pushover.MaybeAccepted(err) && !rt.DryRun:
		hold := max(rt.Config.DedupWindow, 2*rt.Config.Timeout+claimMargin)
		_, cerr := p.ledger.Claim(ctx, n.Key, ledger.ClaimRequest{Holder: holder, TTL: hold})
		p.ledgerError(res, "held", cerr)
		level.Warn(p.logger).Log("msg", "Pushover did not answer: it may have accepted the message, "+
			"which is not sent again for the hold", "route", res.Route, "recipient", res.Recipient, "hold", hold)
	default:
		p.ledgerError(res, "released", p.ledger.Release(ctx, n.Key, holder))
	}
}

func (p *Pipeline) ledgerError(res Result, what string, err error) {
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
		var qe *pushover.QuotaError
		if errors.As(err, &qe) && !qe.Reset.IsZero() {
			kv = append(kv, "quota_reset", qe.Reset.UTC().Format(time.RFC3339))
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
