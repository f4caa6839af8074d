package pipeline

import (
	"context"
	"encoding/json"
	"errors"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// Snapshot is what an escalation keeps of the group it pages about
// (escalation.Record.Snapshot, as JSON): the webhook's data restricted to
// the delivery's alerts, so a later level renders the route's templates
// as the first page did.
type Snapshot struct {
	Data            *template.Data `json:"data"`
	TruncatedAlerts int            `json:"truncated_alerts,omitempty"`
}

// SetEscalation makes the pipeline start escalations on e when it sends
// an emergency on a route with escalate levels, resolve them when their
// alerts resolve, and tell e of acknowledgements (Acknowledged). nil
// turns escalation off.
func (p *Pipeline) SetEscalation(e *escalation.Engine) { p.esc.Store(e) }

// EscalationID is the escalation of an emergency scope: the Alertmanager
// receiver, group key, route and source (the webhook's externalURL).
func EscalationID(receiver, groupKey, route, source string) string {
	return escalation.ScopeID(receiver, groupKey, route, source)
}

// startEscalation records the first page of n (level 1) in its scope's
// escalation, after Pushover accepted it (receipt) or after no one on
// call could be paged (receipt ""), when n is an emergency of a route
// with escalate levels. A failure is logged: the page went out.
func (p *Pipeline) startEscalation(ctx context.Context, m *webhook.Message, n Notification, receipt string) {
	e := p.esc.Load()
	if e == nil || n.Priority != priority.Emergency || len(n.Route.Settings.Escalate) == 0 {
		return
	}
	now := p.now()
	first := escalation.FiredLevel{Level: 1, At: now}
	if receipt != "" {
		first.Recipients = []string{n.Recipient.Name}
		first.Receipts = []escalation.Receipt{{Recipient: n.Recipient.Name, Receipt: receipt}}
	} else {
		first.Unresolved = []string{n.Schedule}
	}
	snap, err := json.Marshal(Snapshot{Data: n.Data.Data, TruncatedAlerts: n.Data.TruncatedAlerts})
	if err != nil {
		level.Error(p.logger).Log("msg", "could not snapshot the group for its escalation", "route", n.Route.Name, "err", err)
	}
	rec := escalation.Record{
		ID: EscalationID(m.Receiver, m.GroupKey, n.Route.Name, m.ExternalURL), Receiver: m.Receiver,
		GroupKey: m.GroupKey, Route: n.Route.Name, Scope: m.ExternalURL, Levels: levels(n.Route),
		PagedAt: now, Fired: []escalation.FiredLevel{first}, Snapshot: snap,
	}
	for _, a := range n.Alerts.Firing() {
		rec.Alerts = append(rec.Alerts, escalation.AlertRef{Fingerprint: a.Fingerprint, StartsAt: a.StartsAt})
	}
	if _, err := e.Start(ctx, rec); err != nil {
		level.Error(p.logger).Log("msg", "could not start the escalation of an emergency", "route", n.Route.Name,
			"recipient", n.Recipient.Name, "err", err)
	}
}

// levels is a route's escalation policy: level 1 is its to (names, as
// configured: schedules stay schedules), then its escalate levels.
func levels(r *routing.Route) []escalation.Level {
	first := escalation.Level{}
	for _, rcp := range r.To {
		first.To = append(first.To, rcp.Name)
	}
	out := []escalation.Level{first}
	for _, l := range r.Settings.Escalate {
		out = append(out, escalation.Level{After: l.After, To: l.To})
	}
	return out
}

// resolveEscalation stops the escalation of n's scope: its alerts
// resolved, so no later level fires and every level stops ringing.
func (p *Pipeline) resolveEscalation(ctx context.Context, m *webhook.Message, n Notification) {
	e := p.esc.Load()
	if e == nil || n.Status != "resolved" {
		return
	}
	_, err := e.Resolve(ctx, EscalationID(m.Receiver, m.GroupKey, n.Route.Name, m.ExternalURL))
	if err != nil && !errors.Is(err, escalation.ErrNotFound) {
		level.Error(p.logger).Log("msg", "could not resolve an escalation", "route", n.Route.Name, "err", err)
	}
}

// Acknowledged tells the escalation of e's scope that e was acknowledged
// (emergency.Options.OnAcknowledged): it stops, and every other level's
// page stops ringing. An emergency without an escalation is no error.
func (p *Pipeline) Acknowledged(ctx context.Context, e ledger.Emergency, via string) {
	eng := p.esc.Load()
	if eng == nil || e.Ack == nil {
		return
	}
	id := EscalationID(e.Receiver, e.GroupKey, e.Route, e.ExternalURL)
	_, _, err := eng.Acknowledge(ctx, id, escalation.Ack{By: e.Ack.By, At: e.Ack.At, Via: via, Receipt: e.Receipt})
	if err != nil && !errors.Is(err, escalation.ErrNotFound) {
		level.Error(p.logger).Log("msg", "could not stop an acknowledged escalation", "route", e.Route, "err", err)
	}
}

// escalation returns the escalation of the scope of m and route, if any,
// for later messages (who acknowledged, at which level).
func (p *Pipeline) escalation(ctx context.Context, m *webhook.Message, route string) (escalation.Record, bool) {
	e := p.esc.Load()
	if e == nil {
		return escalation.Record{}, false
	}
	rec, ok, err := e.Get(ctx, EscalationID(m.Receiver, m.GroupKey, route, m.ExternalURL))
	return rec, ok && err == nil
}
