package receiver

import (
	"fmt"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// FallbackPriority is used when a route's priority template fails to
// render or renders to something that is not a priority: high bypasses
// quiet hours without ringing until acknowledged. The error is logged and
// counted as a template error.
const FallbackPriority = pushover.PriorityHigh

// Notification is what the bridge does for one recipient of one delivery:
// optionally cancel the recipient's emergencies of this group and route,
// then (unless Skip) send Message.
//
// How a delivery's alerts decide the message:
//   - all firing: the route's priority (a template is rendered per
//     recipient) and sound; emergency adds retry, expire and the tag;
//   - all resolved: resolved_priority and resolved_sound (never an
//     emergency); skipped without send_resolved;
//   - partial (some firing, some resolved): one message listing both, at
//     the firing priority and sound, as if all were firing.
//
// Whenever the route may send emergencies (a static emergency or a
// templated priority) and this delivery is below emergency, Cancel is set:
// the recipient's ringing emergency of this group and route is stopped
// before the resolved or downgraded message is sent. This needs no state.
//
// What the ledger knows of the tag's earlier emergencies refines a firing
// emergency (see EmergencyView): when one of them covers every alert still
// firing and some alerts resolved (a partial resolve), Update is set and
// the message is an update at resolved_priority and resolved_sound
// (skipped without send_resolved) that neither cancels nor re-triggers the
// siren; otherwise, when one of them is still ringing and the route does
// not set repeat_while_ringing, Ringing is set and nothing is sent.
type Notification struct {
	Route     *routing.Route
	Recipient *routing.Recipient
	Alerts    template.Alerts
	Status    string // firing (any alert fires) or resolved
	Key       string // DeliveryKey: the ledger's key
	Tag       string // EmergencyTag of the route and recipient
	Priority  pushover.Priority
	Cancel    bool
	Skip      bool // resolved on a route without send_resolved
	Ringing   bool // an emergency of Tag for these alerts still rings: send nothing
	Update    bool // a partial resolve of a paged emergency: an update, not a new siren
	Message   *pushover.Message
	Rendered  templates.Rendered
	// PriorityErr is set when the priority template failed; Priority is then FallbackPriority.
	PriorityErr error
}

// Plan routes the alerts of m and plans one Notification per recipient of
// each delivery, in route order, without any state. It sends nothing.
func Plan(rt *Runtime, m *Message) (ns []Notification, unrouted template.Alerts) {
	return PlanWith(rt, m, nil)
}

// PlanWith is Plan refined by what v knows of earlier emergencies; a nil v
// plans statelessly.
func PlanWith(rt *Runtime, m *Message, v *EmergencyView) (ns []Notification, unrouted template.Alerts) {
	deliveries, unrouted := rt.Router.Split(m.Receiver, m.Alerts)
	for _, d := range deliveries {
		for _, rcp := range d.Route.To {
			ns = append(ns, planOne(rt, m, d, rcp, v))
		}
	}
	return ns, unrouted
}

func planOne(rt *Runtime, m *Message, d routing.Delivery, rcp *routing.Recipient, v *EmergencyView) Notification {
	s := d.Route.Settings
	n := Notification{
		Route: d.Route, Recipient: rcp, Alerts: d.Alerts,
		Status: deliveryStatus(d.Alerts),
		Key:    DeliveryKey(m.Receiver, m.GroupKey, d.Route.Name, rcp.Name, d.Alerts),
		Tag:    EmergencyTag(m.Receiver, m.GroupKey, d.Route.Name, rcp.Name),
	}
	data := &templates.Data{
		Data:            rt.restrict(m.Data, d.Alerts),
		GroupKey:        m.GroupKey,
		TruncatedAlerts: m.TruncatedAlerts,
		Route:           d.Route.Name,
		Recipient:       rcp.Name,
		Acknowledged:    v.acknowledged(m, d.Alerts),
	}
	sound := s.Sound
	if n.Status == "firing" {
		n.Priority, n.PriorityErr = firingPriority(rt.Templates, s, data)
		if v.partialOrRinging(&n, d.Alerts) {
			n.Priority, sound = pushover.Priority(s.ResolvedPriority), s.ResolvedSound
			n.Skip = !s.SendResolved
		}
	} else {
		n.Priority, sound = pushover.Priority(s.ResolvedPriority), s.ResolvedSound
		n.Skip = !s.SendResolved
	}
	n.Cancel = s.MayBeEmergency() && n.Priority < pushover.PriorityEmergency && !n.Update
	if n.Skip || n.Ringing {
		return n
	}
	data.Priority = priorityName(n.Priority)
	n.Rendered = rt.Templates.Render(TemplateSpec(s), data)
	n.Message = message(n, sound)
	if n.Priority == pushover.PriorityEmergency {
		n.Message.Callback = rt.Callback
	}
	return n
}

// TemplateSpec is the template spec of a route's settings.
func TemplateSpec(s routing.Effective) templates.Spec {
	return templates.Spec{Title: s.Title, Message: s.Message, URL: s.URL, URLTitle: s.URLTitle,
		Format: templates.Format(s.Format)}
}

// firingPriority returns the route's priority, rendering it when it is a template.
func firingPriority(t Renderer, s routing.Effective, d *templates.Data) (pushover.Priority, error) {
	if p, ok := s.StaticPriority(); ok {
		return p, nil
	}
	text, err := t.Text(s.Priority, d)
	if err != nil {
		return FallbackPriority, fmt.Errorf("priority template: %w", err)
	}
	p, err := routing.ParsePriority(text)
	if err != nil {
		return FallbackPriority, fmt.Errorf("priority template rendered %q: %w", text, err)
	}
	return p, nil
}

// message builds the Pushover message of a planned notification.
func message(n Notification, sound string) *pushover.Message {
	s, r := n.Route.Settings, n.Rendered
	msg := &pushover.Message{
		Users:     []string{n.Recipient.UserKey},
		Devices:   n.Recipient.Devices,
		Title:     r.Title,
		Message:   r.Message,
		URL:       r.URL,
		URLTitle:  r.URLTitle,
		HTML:      r.Format == templates.FormatHTML,
		Monospace: r.Format == templates.FormatMonospace,
		Priority:  n.Priority,
		Sound:     sound,
		Timestamp: r.Timestamp,
	}
	if n.Priority == pushover.PriorityEmergency {
		msg.Retry, msg.Expire, msg.Tags = s.Retry, s.Expire, []string{n.Tag}
	} else {
		msg.TTL = s.TTL
	}
	return msg
}

// priorityName is the name templates see in .Priority.
func priorityName(p pushover.Priority) string {
	switch p {
	case pushover.PriorityLowest:
		return "lowest"
	case pushover.PriorityLow:
		return "low"
	case pushover.PriorityNormal:
		return "normal"
	case pushover.PriorityHigh:
		return "high"
	case pushover.PriorityEmergency:
		return "emergency"
	}
	return fmt.Sprint(int(p))
}
