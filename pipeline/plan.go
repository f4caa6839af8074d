package pipeline

import (
	"context"
	"fmt"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// FallbackPriority is used when a route's priority template fails to
// render or renders to something that is not a priority: high bypasses
// quiet hours without ringing until acknowledged. The error is logged and
// counted as a template error.
const FallbackPriority = priority.High

// Plan routes the alerts of m and plans one Notification per recipient of
// each delivery, in route order: keys, tags, priority, and every decision
// that needs the ledger (through t; a nil t plans without any state). It
// renders no message and sends nothing.
func Plan(ctx context.Context, rt *Runtime, m *webhook.Message, t *emergency.Tracker) (ns []Notification, unrouted template.Alerts) {
	deliveries, unrouted := rt.Router.Split(m.Receiver, m.Alerts)
	memo := templates.NewMemo() // one render for recipients the templates do not tell apart
	for _, d := range deliveries {
		for _, rcp := range d.Route.To {
			n := planOne(ctx, rt, m, d, rcp, t)
			n.Data.Memo = memo
			ns = append(ns, n)
		}
	}
	return ns, unrouted
}

// planOne plans the page of one recipient of a delivery. A schedule in
// the route's to pages whoever is on call now; its key and tag are the
// schedule's (the same across a hand-off: a retry after a hand-off is not
// sent twice, and the tag fallback cancels what the previous person was
// paged). No one on call plans NoOneOnCall.
func planOne(ctx context.Context, rt *Runtime, m *webhook.Message, d routing.Delivery, rcp *routing.Recipient, t *emergency.Tracker) Notification {
	s := d.Route.Settings
	n := Notification{
		Route: d.Route, Recipient: rcp, Alerts: d.Alerts, Status: deliveryStatus(d.Alerts),
		Key: DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, d.Route.Name, rcp.Name, d.Alerts),
		Tag: emergency.Tag(tagPrefix(rt), m.ExternalURL, m.Receiver, m.GroupKey, d.Route.Name, rcp.Name),
	}
	if rcp.Schedule {
		n.Schedule = rcp.Name
		if n.Recipient = rt.onCall(rcp.Name, rt.now()); n.Recipient == nil {
			n.Recipient, n.Action = rcp, NoOneOnCall
		}
	}
	n.Data = &templates.Data{Data: templates.Restrict(m.Data, d.Alerts), GroupKey: m.GroupKey,
		TruncatedAlerts: m.TruncatedAlerts, Route: d.Route.Name, Recipient: n.Recipient.Name}
	if t != nil {
		n.Data.Acknowledged = t.Acknowledged(ctx, m.Receiver, m.GroupKey, d.Alerts)
	}
	if n.Status == "firing" {
		n.Priority, n.PriorityErr = firingPriority(rt.Templates, s, n.Data)
		n.Sound = s.Sound
		n.Emergency = n.Priority == priority.Emergency && isPushover(n.Recipient)
		if n.Emergency && t != nil {
			n.Decision = t.Decide(ctx, emergency.Situation{Source: m.ExternalURL, Receiver: m.Receiver,
				Route: d.Route.Name, Recipient: n.Recipient.Name, Alerts: d.Alerts, RepeatWhileRinging: s.RepeatWhileRinging})
		}
	}
	switch {
	case n.Action == NoOneOnCall:
		if n.Status == "resolved" { // nothing to page; the cancel below stops whoever was paged
			n.Action = Skip
		}
	case n.Status == "resolved" || n.Decision == emergency.Update:
		n.Priority, n.Sound = priority.Priority(s.ResolvedPriority), s.ResolvedSound
		if !s.SendResolved {
			n.Action = Skip
		}
	case n.Decision == emergency.StillRinging:
		n.Action = HoldRinging
	}
	// Only Pushover rings and cancels emergencies.
	n.Cancel = isPushover(n.Recipient) && s.MayBeEmergency() && n.Priority < priority.Emergency && n.Decision != emergency.Update
	n.Data.Priority = n.Priority.String()
	return n
}

func tagPrefix(rt *Runtime) string {
	if rt.TagPrefix == "" {
		return emergency.DefaultTagPrefix
	}
	return rt.TagPrefix
}

// firingPriority returns the route's priority, rendering it when it is a template.
func firingPriority(t Renderer, s routing.Effective, d *templates.Data) (priority.Priority, error) {
	if p, ok := s.StaticPriority(); ok {
		return p, nil
	}
	text, err := t.Text(s.Priority, d)
	if err != nil {
		return FallbackPriority, fmt.Errorf("priority template: %w", err)
	}
	p, err := priority.Parse(text)
	if err != nil {
		return FallbackPriority, fmt.Errorf("priority template rendered %q: %w", text, err)
	}
	return p, nil
}
