package pipeline

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// Why a delivery went to its route's fallback recipients: the reason
// label of fallbacks_total.
const (
	ReasonRefused     = "refused"     // refused for good, now or within the dedup window
	ReasonQuota       = "quota"       // the destination's quota is exhausted
	ReasonUnreachable = "unreachable" // still failing fallback_after after its first failed attempt
)

// fallbackRoute suffixes the route name in a fallback delivery's key and
// tag, so that a fallback is its own delivery in the ledger.
const fallbackRoute = "/fallback"

// firstFailurePrefix prefixes the ledger key under which the first failed
// attempt of a delivery is recorded (as an acceptance at that time), so
// that a retry, in this process or another replica, knows how long the
// delivery has been failing.
const firstFailurePrefix = "first-failure/"

// fallbackReason says whether the failed delivery n goes to its route's
// fallback, and why ("" when it does not).
func (p *Pipeline) fallbackReason(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification, err error) string {
	if n.fallback || len(n.Route.Fallback) == 0 {
		return ""
	}
	outcome, quota := classify(err, p.now(), rt.Config.QuotaRetryWindow)
	switch {
	case quota:
		return ReasonQuota
	case outcome == OutcomeFailedPermanent:
		return ReasonRefused
	}
	after := n.Route.Settings.FallbackAfter
	if after <= 0 {
		return ""
	}
	if first := p.firstFailure(ctx, rt, n.Key, after); p.now().Sub(first) >= after {
		return ReasonUnreachable
	}
	return ""
}

// firstFailure returns when the delivery key first failed, recording now
// when the ledger knows of no failure within the dedup window plus after.
// A ledger error counts as failing since now.
func (p *Pipeline) firstFailure(ctx context.Context, rt *Runtime, key string, after time.Duration) time.Time {
	now := p.now()
	fk := firstFailurePrefix + key
	holder := fmt.Sprintf("%s/%d", p.holder, p.seq.Add(1))
	c, err := p.ledger.Claim(ctx, fk, ledger.ClaimRequest{Holder: holder, TTL: claimMargin,
		AcceptedSince: now.Add(-(rt.Config.DedupWindow + after))})
	switch {
	case err != nil:
		level.Warn(p.logger).Log("msg", "ledger lookup of the first failure failed", "err", err)
	case c.State == ledger.Accepted:
		return c.At
	case c.State == ledger.Claimed:
		if err := p.ledger.Accept(context.WithoutCancel(ctx), fk, holder, now); err != nil {
			level.Error(p.logger).Log("msg", "could not record the first failure of a delivery", "err", err)
		}
	}
	return now
}

// fallback sends n, whose delivery failed for res.reason, to its route's
// fallback recipients, each once (its own delivery key, claimed in the
// ledger like any delivery). The primary's outcome becomes fallback_sent
// when a fallback delivered it, failed_retryable when one may pass on a
// retry (so Alertmanager retries: nothing is lost, and the ledger keeps
// the retry from posting twice), and stays as it was otherwise.
func (p *Pipeline) fallback(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification, res Result) Result {
	if res.reason == "" || n.fallback || len(n.Route.Fallback) == 0 {
		return res
	}
	p.metrics.Fallbacks.WithLabelValues(res.Route, res.reason).Inc()
	names := make([]string, 0, len(n.Route.Fallback))
	for _, rcp := range n.Route.Fallback {
		names = append(names, rcp.Name)
	}
	level.Warn(p.logger).Log("msg", "the recipient's destination cannot deliver, sending to the route's fallback",
		"route", res.Route, "recipient", res.Recipient, "reason", res.reason, "fallback", strings.Join(names, ","))
	delivered, retry := false, false
	for _, rcp := range n.Route.Fallback {
		fr := p.deliver(ctx, rt, m, n.asFallback(rt, m, rcp))
		res.Fallback = append(res.Fallback, fr)
		switch fr.Outcome {
		case OutcomeSent, OutcomeDeduplicated, OutcomeDryRun:
			delivered = true
		case OutcomeFailedRetryable:
			retry = true
		}
	}
	switch {
	case retry:
		res.Outcome = OutcomeFailedRetryable
		res.Error += "; the fallback failed too, Alertmanager will retry"
	case delivered:
		res.Outcome = OutcomeFallbackSent
	}
	return res
}

// asFallback is n for the fallback recipient rcp: its own key and tag,
// nothing to cancel, and never a fallback of its own.
func (n Notification) asFallback(rt *Runtime, m *webhook.Message, rcp *routing.Recipient) Notification {
	f := n
	route := n.Route.Name + fallbackRoute
	f.Recipient, f.fallback = rcp, true
	f.Key = DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, route, rcp.Name, n.Alerts)
	f.Tag = emergency.Tag(tagPrefix(rt), m.ExternalURL, m.Receiver, m.GroupKey, route, rcp.Name)
	f.Action, f.Cancel, f.Decision, f.Emergency = Send, false, emergency.Page, false
	data := *n.Data
	data.Recipient = rcp.Name
	f.Data = &data
	return f
}
