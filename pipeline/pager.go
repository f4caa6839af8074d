package pipeline

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// maxTitle is Pushover's limit on a title, in characters.
const maxTitle = 250

// EscalationPager pages the levels of escalations and cancels their
// receipts, for the engine (escalation.Pager and escalation.Canceller),
// with the configuration in use when a level fires.
type EscalationPager struct {
	p  *Pipeline
	rt func() *Runtime
}

// EscalationPager returns the pager of escalation levels; rt returns the
// configuration in use.
func (p *Pipeline) EscalationPager(rt func() *Runtime) *EscalationPager {
	return &EscalationPager{p: p, rt: rt}
}

var (
	_ escalation.Pager     = (*EscalationPager)(nil)
	_ escalation.Canceller = (*EscalationPager)(nil)
)

// Page implements escalation.Pager: one emergency per recipient, in the
// first page's tag scope, rendered from the snapshot with the route's
// current templates, its title starting "Escalation (level N): … did not
// answer". Each recipient's page is claimed in the ledger under the
// level's PageKey, so a retry sends only what was not accepted, and is
// recorded with the tracker, so its acknowledgement is learnt.
func (ep *EscalationPager) Page(ctx context.Context, rec escalation.Record, lvl int, recipients, missed []string) ([]escalation.Receipt, error) {
	rt := ep.rt()
	snap := decodeSnapshot(rec.Snapshot)
	route := routeFor(rt, rec.Route)
	var receipts []escalation.Receipt
	var errs []error
	for _, name := range recipients {
		rs, err := ep.pageOne(ctx, rt, rec, lvl, name, missed, route, snap)
		receipts = append(receipts, rs...)
		if err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", name, err))
		}
	}
	return receipts, errors.Join(errs...)
}

func (ep *EscalationPager) pageOne(ctx context.Context, rt *Runtime, rec escalation.Record, lvl int, name string,
	missed []string, route *routing.Route, snap Snapshot) ([]escalation.Receipt, error) {
	p := ep.p
	rcp := rt.Recipients[name]
	switch {
	case rcp == nil:
		level.Warn(p.logger).Log("msg", "an escalation level names a recipient no longer configured; not paged",
			"route", rec.Route, "recipient", name, "level", lvl)
		return nil, nil
	case !isPushover(rcp):
		level.Warn(p.logger).Log("msg", "an escalation level pages Pushover recipients only; not paged",
			"route", rec.Route, "recipient", name, "kind", rcp.Kind, "level", lvl)
		return nil, nil
	}
	tag := emergency.Tag(tagPrefix(rt), rec.Scope, rec.Receiver, rec.GroupKey, rec.Route, name)
	key := escalation.PageKey(rec.ID, lvl) + "/" + name
	holder := fmt.Sprintf("%s/%d", p.holder, p.seq.Add(1))
	c, err := p.ledger.Claim(ctx, key, ledger.ClaimRequest{Holder: holder, TTL: 2*rt.Config.Timeout + claimMargin})
	if err != nil {
		level.Warn(p.logger).Log("msg", "ledger lookup failed, paging the escalation anyway", "route", rec.Route, "err", err)
		c = ledger.Claim{State: ledger.Claimed}
	}
	switch c.State {
	case ledger.Accepted: // sent before a crash or a failure of another recipient: its receipts are in the ledger
		return p.sentReceipts(ctx, tag, name, rec.PagedAt), nil
	case ledger.Refused:
		return nil, nil
	case ledger.Held:
		return nil, ErrHeldElsewhere
	}
	n := escalationNotification(rec, route, rcp, snap, tag, key)
	Render(rt, &n)
	n.Rendered.Title = fit(escalation.Headline(lvl, missed)+": "+n.Rendered.Title, maxTitle)
	receipt, err := ep.send(ctx, rt, rec, lvl, n, holder)
	if receipt == "" {
		return nil, err
	}
	return []escalation.Receipt{{Recipient: name, Receipt: receipt}}, nil
}

// send sends a level's page n and settles its claim: accepted (recorded
// with the tracker; its receipt returned), refused for good (no receipt,
// no error: the level goes on without this recipient) or released (an
// error: the engine retries the level).
func (ep *EscalationPager) send(ctx context.Context, rt *Runtime, rec escalation.Record, lvl int, n Notification,
	holder string) (string, error) {
	p := ep.p
	res := Result{Route: rec.Route, Recipient: n.Recipient.Name, Alerts: len(n.Alerts), Priority: n.Priority.String()}
	nt, err := notifierFor(rt, kindOf(n.Recipient))
	var d Delivered
	if err == nil {
		d, err = nt.Notify(ctx, n.Page(rt))
	}
	settle := context.WithoutCancel(ctx)
	if err != nil {
		p.remember(p.counted(p.failed(rt, res, err)))
		var de *DestinationError
		if errors.As(err, &de) && de.Class == Permanent {
			p.ledgerError(res, "refused", p.ledger.Refuse(settle, n.Key, holder, p.now()))
			return "", nil
		}
		p.ledgerError(res, "released", p.ledger.Release(settle, n.Key, holder))
		return "", errors.New(rt.Secrets.String(err.Error()))
	}
	p.ledgerError(res, "accepted", p.ledger.Accept(settle, n.Key, holder, p.now()))
	res.Outcome, res.Request = OutcomeSent, d.ID
	p.remember(p.counted(res))
	if d.Receipt == "" { // a destination without receipts: nothing rings, nothing to record
		return "", nil
	}
	p.noteLedger(p.tracker.Record(settle, emergency.Sent{Receipt: d.Receipt, Tag: n.Tag, Receiver: rec.Receiver,
		GroupKey: rec.GroupKey, ExternalURL: rec.Scope, Route: rec.Route, Recipient: n.Recipient.Name,
		Alerts: n.Alerts, SilenceFor: n.Route.Settings.SilenceOnAck, Expire: n.Route.Settings.Expire, Level: lvl}))
	return d.Receipt, nil
}

// counted counts res in the deliveries metric.
func (p *Pipeline) counted(res Result) Result {
	p.metrics.Deliveries.WithLabelValues(res.Route, string(res.Outcome)).Inc()
	return res
}

// sentReceipts are the receipts of the emergencies tag sent to name since
// the escalation's first page, as the tracker recorded them.
func (p *Pipeline) sentReceipts(ctx context.Context, tag, name string, since time.Time) []escalation.Receipt {
	es, err := p.ledger.Emergencies(ctx, ledger.Filter{Tag: tag, SentAfter: since.Add(-time.Nanosecond)})
	if err != nil {
		level.Warn(p.logger).Log("msg", "could not read the receipts of an escalation page sent before", "err", err)
	}
	var out []escalation.Receipt
	for _, e := range es {
		out = append(out, escalation.Receipt{Recipient: name, Receipt: e.Receipt})
	}
	return out
}

// escalationNotification is a level's page to rcp, before rendering.
func escalationNotification(rec escalation.Record, route *routing.Route, rcp *routing.Recipient, snap Snapshot,
	tag, key string) Notification {
	return Notification{
		Route: route, Recipient: rcp, Alerts: snap.Data.Alerts, Status: "firing", Key: key, Tag: tag,
		Priority: priority.Emergency, Sound: route.Settings.Sound,
		Data: &templates.Data{Data: snap.Data, GroupKey: rec.GroupKey, TruncatedAlerts: snap.TruncatedAlerts,
			Route: rec.Route, Recipient: rcp.Name, Priority: priority.Emergency.String()},
	}
}

// decodeSnapshot reads an escalation's snapshot; a missing or unreadable
// one pages with no alert details rather than not at all.
func decodeSnapshot(raw json.RawMessage) Snapshot {
	var s Snapshot
	if len(raw) > 0 {
		_ = json.Unmarshal(raw, &s)
	}
	if s.Data == nil {
		s.Data = &template.Data{Status: "firing", GroupLabels: template.KV{}, CommonLabels: template.KV{},
			CommonAnnotations: template.KV{}}
	}
	return s
}

// routeFor returns the route named name in rt, or one with the built-in
// settings when a reload removed it.
func routeFor(rt *Runtime, name string) *routing.Route {
	if r, ok := rt.Router.(interface{ Route(string) *routing.Route }); ok {
		if route := r.Route(name); route != nil {
			return route
		}
	}
	return &routing.Route{Name: name, Settings: routing.DefaultEffective()}
}

// fit cuts s to at most n characters, ending with "…" when cut.
func fit(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-1]) + "…"
}

// CancelReceipts implements escalation.Canceller: each receipt is
// cancelled at Pushover and recorded as cancelled in the ledger (see
// cancel: a receipt Pushover no longer knows counts as cancelled).
func (ep *EscalationPager) CancelReceipts(ctx context.Context, receipts []escalation.Receipt) (int, error) {
	rt := ep.rt()
	n := 0
	var errs []error
	for _, r := range receipts {
		if _, err := ep.p.cancel(ctx, rt, Cancellation{Recipient: r.Recipient, Receipt: r.Receipt}); err != nil {
			errs = append(errs, errors.New(rt.Secrets.String(err.Error())))
			continue
		}
		n++
	}
	return n, errors.Join(errs...)
}
