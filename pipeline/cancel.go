package pipeline

import (
	"context"
	"errors"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// planCancels decides what the webhook m stops, from what was sent (the
// ledger), not from today's configuration: every emergency the ledger
// knows still ringing for this source and group (or for these alerts
// under another group key) that the plan ns no longer pages is cancelled
// by its receipt, with the delivery of the same route and recipient when
// there is one, else on its own (the orphans). When the ledger knows no
// emergency of the group at all, a delivery whose plan says Cancel cancels
// by tag, the stateless fallback (a lost volume, a restart on memory),
// unless the ledger would know: every alert started after the pipeline
// began with a ledger that has not failed since (see wouldKnow), so no
// emergency for them can have gone unrecorded. A ledger error falls back
// to tags.
func (p *Pipeline) planCancels(ctx context.Context, rt *Runtime, m *webhook.Message, ns []Notification) (orphans []Cancellation) {
	k, err := p.tracker.Known(ctx, m.ExternalURL, m.Receiver, m.GroupKey, m.Alerts)
	p.noteLedger(err)
	if err != nil {
		level.Warn(p.logger).Log("msg", "ledger lookup failed, cancelling by tag", "err", err)
	}
	if k != nil {
		for _, e := range k.Ringing {
			if kept(e, ns) {
				continue
			}
			c := Cancellation{Route: e.Route, Recipient: e.Recipient, Receipt: e.Receipt}
			if i := indexOf(ns, e.Route, e.Recipient); i >= 0 {
				ns[i].Cancels = append(ns[i].Cancels, c)
			} else {
				orphans = append(orphans, c)
			}
		}
	}
	for i := range ns {
		n := &ns[i]
		if n.Cancel && (k == nil || !k.Group) && !p.wouldKnow(n.Alerts) {
			n.Cancels = append(n.Cancels, Cancellation{Route: n.Route.Name, Recipient: n.Recipient.Name, Tag: n.Tag})
		}
	}
	return orphans
}

// kept reports whether a planned delivery still pages e's recipient by
// e's route at emergency priority for one of e's alerts still firing
// (by fingerprint: a flap changes the start time, not the alert). An
// escalation level's page (e.Level) is kept while its route pages any
// recipient so: it stops when the escalation does (acknowledged or
// resolved), not because its recipient is not among the route's own.
func kept(e ledger.Emergency, ns []Notification) bool {
	for _, n := range ns {
		if !n.Emergency || n.Route.Name != e.Route || (e.Level < 2 && n.Recipient.Name != e.Recipient) {
			continue
		}
		for _, a := range n.Alerts.Firing() {
			if e.HasFingerprint([]string{a.Fingerprint}) {
				return true
			}
		}
	}
	return false
}

func indexOf(ns []Notification, route, recipient string) int {
	for i, n := range ns {
		if n.Route.Name == route && n.Recipient.Name == recipient {
			return i
		}
	}
	return -1
}

// cancel asks the destination of emergencies to cancel c and returns how many emergencies it
// said it cancelled, recording that in the ledger. A permanent failure is
// logged (a receipt Pushover forgot no longer rings) and returns no
// error; a retryable one is returned.
func (p *Pipeline) cancel(ctx context.Context, rt *Runtime, c Cancellation) (int, error) {
	cl, err := cancellerOf(rt)
	count := 0
	if err == nil {
		count, err = cl.Cancel(ctx, c)
	}
	settle := context.WithoutCancel(ctx)
	if err == nil {
		outcome := "ok"
		if rt.DryRun {
			outcome = "dry_run"
		}
		p.metrics.Cancellations.WithLabelValues(outcome).Inc()
		level.Info(p.logger).Log("msg", "emergencies cancelled", "route", c.Route, "recipient", c.Recipient,
			"by", cancelledBy(c), "tag", c.Tag, "cancelled", count)
		switch {
		case rt.DryRun: // a dry run cancelled nothing
		case c.Receipt != "":
			p.tracker.Cancelled(settle, c.Receipt, p.now())
		default:
			p.tracker.CancelledTag(settle, c.Tag, p.now())
		}
		return count, nil
	}
	outcome, _ := classify(err, p.now(), rt.Config.QuotaRetryWindow)
	p.metrics.Cancellations.WithLabelValues(string(outcome)).Inc()
	level.Error(p.logger).Log("msg", "could not cancel emergencies", "route", c.Route, "recipient", c.Recipient,
		"by", cancelledBy(c), "tag", c.Tag, "outcome", outcome, "err", rt.Secrets.String(err.Error()))
	if outcome == OutcomeFailedRetryable {
		return 0, err
	}
	var de *DestinationError
	if c.Receipt != "" && errors.As(err, &de) && de.Class == Permanent && !rt.DryRun {
		p.tracker.Forgotten(settle, c.Receipt)
	}
	return 0, nil
}

func cancelledBy(c Cancellation) string {
	if c.Receipt != "" {
		return "receipt"
	}
	return "tag"
}

// cancelOrphan cancels an emergency whose route and recipient send
// nothing in this webhook, and reports it as a result of its own.
func (p *Pipeline) cancelOrphan(ctx context.Context, rt *Runtime, c Cancellation) (res Result) {
	res = Result{Route: c.Route, Recipient: c.Recipient, Outcome: OutcomeCancelled}
	defer func() {
		p.metrics.Deliveries.WithLabelValues(res.Route, string(res.Outcome)).Inc()
		p.remember(res)
	}()
	count, err := p.cancel(ctx, rt, c)
	res.Cancelled = count
	if err != nil {
		return p.failed(rt, res, err)
	}
	return res
}
