package pipeline

import (
	"context"
	"errors"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// isPushover reports whether rcp is delivered through the Sender.
func isPushover(rcp *routing.Recipient) bool {
	return rcp.Kind == "" || rcp.Kind == routing.KindPushover
}

// notify hands n to its recipient's Notifier and settles the claim holder
// holds, as send does for Pushover: accepted, refused for good, or
// released for a retry.
func (p *Pipeline) notify(ctx context.Context, rt *Runtime, m *webhook.Message, n Notification, res Result, holder string) Result {
	settle := context.WithoutCancel(ctx)
	n.PNG = waitChart(ctx, &n)
	d, err := p.page(ctx, rt, n)
	if err != nil {
		var de *DestinationError
		if errors.As(err, &de) && de.Class == Permanent {
			p.ledgerError(res, "refused", p.ledger.Refuse(settle, n.Key, holder, p.now()))
		} else {
			p.ledgerError(res, "released", p.ledger.Release(settle, n.Key, holder))
		}
		res = p.failed(rt, res, err)
		res.reason = p.fallbackReason(ctx, rt, m, n, err)
		return res
	}
	res.Request = d.ID
	if rt.DryRun {
		p.ledgerError(res, "released", p.ledger.Release(settle, n.Key, holder))
		res.Outcome = OutcomeDryRun
		return res
	}
	p.ledgerError(res, "accepted", p.ledger.Accept(settle, n.Key, holder, p.now()))
	res.Outcome = OutcomeSent
	level.Info(p.logger).Log("msg", "message accepted", "outcome", res.Outcome, "destination", n.Recipient.Kind,
		"route", res.Route, "recipient", res.Recipient, "priority", res.Priority, "alerts", res.Alerts,
		"fallback", n.fallback)
	return res
}

// page builds the Page of n and sends it.
func (p *Pipeline) page(ctx context.Context, rt *Runtime, n Notification) (Delivered, error) {
	nt, err := notifierFor(rt, n.Recipient.Kind)
	if err != nil {
		return Delivered{}, err
	}
	return nt.Notify(ctx, Page{Route: n.Route.Name, Recipient: n.Recipient, Data: n.Data,
		Emergency: n.Status == "firing" && n.Priority == pushover.PriorityEmergency,
		Resolved:  n.Status == "resolved", PNG: n.PNG})
}
