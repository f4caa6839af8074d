package receiver

import (
	"context"
	"errors"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// deliver carries out one planned notification: skip it when the ledger
// already holds it, cancel the recipient's emergencies when due, send, and
// record what Pushover accepted. It logs and counts its own outcome.
func (h *Handler) deliver(ctx context.Context, rt *Runtime, m *Message, n Notification) Result {
	res := Result{Route: n.Route.Name, Recipient: n.Recipient.Name, Alerts: len(n.Alerts)}
	if !n.Skip {
		res.Priority = priorityName(n.Priority)
	}
	logger := h.logger
	defer func() {
		h.metrics.Deliveries.WithLabelValues(res.Route, string(res.Outcome)).Inc()
		h.remember(res)
	}()

	// An earlier request's delivery of the same page may still be running:
	// wait for it, then ask the ledger.
	release, err := h.sending.claim(ctx, n.Key)
	if err != nil {
		return h.failed(rt, res, err)
	}
	defer release()
	if h.alreadyAccepted(ctx, rt, m, n) {
		res.Outcome = OutcomeDeduplicated
		level.Debug(logger).Log("msg", "delivery already accepted, not sending again",
			"route", res.Route, "recipient", res.Recipient)
		return res
	}
	if h.refusedBefore(ctx, rt, n) {
		res.Outcome, res.Error = OutcomeFailedPermanent, errRefusedBefore
		level.Warn(logger).Log("msg", "Pushover refused this message earlier, not repeating the request",
			"route", res.Route, "recipient", res.Recipient)
		return res
	}
	if n.Ringing {
		res.Outcome = OutcomeRinging
		level.Info(logger).Log("msg", "emergency still ringing, not paging again",
			"route", res.Route, "recipient", res.Recipient, "tag", n.Tag)
		return res
	}
	if n.Cancel {
		cancelled, err := h.cancel(ctx, rt, n)
		res.Cancelled = cancelled
		if err != nil {
			return h.failed(rt, res, err)
		}
	}
	if n.Skip {
		res.Outcome = OutcomeSkipped
		return res
	}
	h.observePlan(rt, n)
	resp, err := rt.Sender.Send(ctx, Envelope{Route: res.Route, Recipient: res.Recipient, Message: n.Message})
	if err != nil {
		h.rememberRefusal(ctx, n, err)
		return h.failed(rt, res, err)
	}
	if resp != nil {
		res.Request = resp.Request
	}
	// Record even when the request's answer has already gone out, so the
	// retry Alertmanager sends does not double what finished late.
	if err := h.ledger.Record(context.WithoutCancel(ctx), n.Key, h.now()); err != nil {
		level.Error(logger).Log("msg", "could not record accepted delivery", "route", res.Route, "err", err)
	}
	if resp != nil && resp.Receipt != "" && n.Priority == pushover.PriorityEmergency {
		h.recordEmergency(context.WithoutCancel(ctx), m, n, resp.Receipt)
	}
	res.Outcome = OutcomeSent
	if rt.DryRun {
		res.Outcome = OutcomeDryRun
	}
	level.Info(logger).Log("msg", "message accepted", "outcome", res.Outcome, "route", res.Route, "recipient", res.Recipient,
		"priority", res.Priority, "alerts", res.Alerts, "request", res.Request)
	return res
}

// alreadyAccepted reports whether the ledger holds n and this is not a
// genuine reminder: on "repeat interval elapsed" (or when Alertmanager
// gives no reason, before v0.32) a record older than the dedup window is
// sent again. A ledger error is logged and the delivery sent: a double
// page is better than a lost one.
func (h *Handler) alreadyAccepted(ctx context.Context, rt *Runtime, m *Message, n Notification) bool {
	at, ok, err := h.ledger.Accepted(ctx, n.Key)
	if err != nil {
		level.Warn(h.logger).Log("msg", "ledger lookup failed, sending anyway", "route", n.Route.Name, "err", err)
		return false
	}
	if !ok {
		return false
	}
	reminder := m.NotificationReason == ReasonRepeat || m.NotificationReason == ""
	return !reminder || h.now().Sub(at) <= time.Duration(rt.Config.DedupWindow)
}

// cancel stops the recipient's emergencies of this group and route. A
// permanent failure is logged and the message still sent; a retryable one
// is returned, so the message waits for Alertmanager's retry.
func (h *Handler) cancel(ctx context.Context, rt *Runtime, n Notification) (bool, error) {
	count, err := rt.Sender.CancelByTag(ctx, Cancellation{Route: n.Route.Name, Recipient: n.Recipient.Name, Tag: n.Tag})
	if err == nil {
		outcome := "ok"
		if rt.DryRun {
			outcome = "dry_run"
		}
		h.metrics.Cancellations.WithLabelValues(outcome).Inc()
		level.Debug(h.logger).Log("msg", "emergencies cancelled by tag", "route", n.Route.Name,
			"recipient", n.Recipient.Name, "tag", n.Tag, "cancelled", count)
		if err := h.ledger.CancelTag(context.WithoutCancel(ctx), n.Tag, h.now()); err != nil {
			level.Error(h.logger).Log("msg", "could not record cancelled emergencies", "route", n.Route.Name, "err", err)
		}
		return true, nil
	}
	outcome, _ := classify(err, h.now(), time.Duration(rt.Config.QuotaRetryWindow))
	h.metrics.Cancellations.WithLabelValues(string(outcome)).Inc()
	level.Error(h.logger).Log("msg", "could not cancel emergencies", "route", n.Route.Name,
		"recipient", n.Recipient.Name, "tag", n.Tag, "outcome", outcome, "err", rt.redact(err.Error()))
	if outcome == OutcomeFailedRetryable {
		return false, err
	}
	return false, nil
}

// failed classifies err into res, logs it and counts a quota error.
func (h *Handler) failed(rt *Runtime, res Result, err error) Result {
	outcome, quota := classify(err, h.now(), time.Duration(rt.Config.QuotaRetryWindow))
	res.Outcome, res.Error = outcome, rt.redact(err.Error())
	kv := []any{"route", res.Route, "recipient", res.Recipient, "outcome", outcome, "err", res.Error}
	switch {
	case quota:
		h.metrics.QuotaExhausted.Inc()
		var qe *pushover.QuotaError
		if errors.As(err, &qe) && !qe.Reset.IsZero() {
			kv = append(kv, "quota_reset", qe.Reset.UTC().Format(time.RFC3339))
		}
		level.Error(h.logger).Log(append([]any{"msg", "Pushover message quota exhausted: messages are not delivered"}, kv...)...)
	case outcome == OutcomeFailedPermanent:
		level.Error(h.logger).Log(append([]any{"msg", "Pushover refused the message"}, kv...)...)
	default:
		level.Warn(h.logger).Log(append([]any{"msg", "sending failed, Alertmanager will retry"}, kv...)...)
	}
	return res
}

// observePlan logs and counts the template problems of a notification about to be sent.
func (h *Handler) observePlan(rt *Runtime, n Notification) {
	h.metrics.observeRendered(n.Route.Name, n.Rendered)
	if n.PriorityErr != nil {
		h.metrics.TemplateErrors.WithLabelValues(n.Route.Name).Inc()
		level.Error(h.logger).Log("msg", "priority template failed, using fallback priority", "route", n.Route.Name,
			"fallback", priorityName(FallbackPriority), "err", rt.redact(n.PriorityErr.Error()))
	}
	if n.Rendered.Err != nil {
		level.Error(h.logger).Log("msg", "template failed, sending the plain fallback message", "route", n.Route.Name,
			"err", rt.redact(n.Rendered.Err.Error()))
	}
}
