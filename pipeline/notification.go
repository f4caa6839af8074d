package pipeline

import (
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Action is what a planned notification does after its cancellation.
type Action int

// The actions.
const (
	// Send renders and sends the message.
	Send Action = iota
	// Skip sends nothing: resolved (or an update) on a route without
	// send_resolved.
	Skip
	// HoldRinging sends nothing: an emergency for these alerts still rings.
	HoldRinging
	// NoOneOnCall sends nothing: the schedule the route pages has no one
	// on call (an emergency on a route with escalate levels still starts
	// its escalation, so the next level follows).
	NoOneOnCall
)

// String names the action.
func (a Action) String() string {
	switch a {
	case Send:
		return "send"
	case Skip:
		return "skip"
	case HoldRinging:
		return "still_ringing"
	case NoOneOnCall:
		return "no_one_on_call"
	}
	return "Action(?)"
}

// Notification is what the bridge does for one recipient of one delivery:
// optionally cancel the recipient's emergencies of this group and route
// (Cancel), then Action.
//
// How a delivery's alerts decide the message:
//   - all firing: the route's priority (a template is rendered per
//     recipient) and sound; emergency adds retry, expire and the tag;
//   - all resolved: resolved_priority and resolved_sound (never an
//     emergency); Skip without send_resolved;
//   - partial (some firing, some resolved): one message listing both, at
//     the firing priority and sound, as if all were firing.
//
// A firing emergency is refined by what the ledger knows (Decision, see
// emergency.Tracker.Decide): an update after a partial resolve is sent at
// resolved_priority and resolved_sound and neither cancels nor re-triggers
// the siren; a repeat while one still rings is HoldRinging.
//
// Whenever the route may send emergencies (a static emergency or a
// templated priority) and this delivery is below emergency and no update,
// Cancel is set: the recipient's ringing emergency of this group and route
// is stopped before the resolved or downgraded message is sent.
type Notification struct {
	Route     *routing.Route
	Recipient *routing.Recipient
	// Schedule is the schedule of the route's to that Recipient is on call
	// for ("" when the route names the recipient).
	Schedule string
	Alerts   template.Alerts
	Status   string // firing (any alert fires) or resolved
	Key      string // DeliveryKey: the ledger's key
	Tag      string // emergency.Tag of the route and recipient
	Action   Action
	// Cancel: the route may send emergencies and this delivery is none
	// (and no update): the recipient's emergencies of this group and route
	// are to stop first. The pipeline turns it into Cancels.
	Cancel bool
	// Cancels are what is cancelled first: the receipts the ledger knows
	// ringing for this route and recipient that the plan no longer pages,
	// else (the ledger knows nothing, and Cancel) the tag.
	Cancels []Cancellation
	// Emergency: the firing priority is emergency (whatever Decision made
	// of it); the recipient's ringing emergencies for these alerts go on.
	Emergency bool
	Decision  emergency.Decision // of a firing emergency; Page otherwise
	Priority  priority.Priority
	Sound     string
	// PriorityErr is set when the priority template failed; Priority is then FallbackPriority.
	PriorityErr error
	// Data is what the templates render, restricted to Alerts.
	Data *templates.Data
	// Rendered is set by Render, for Send only (and not for a
	// SelfRendering destination).
	Rendered templates.Rendered
	// PNG is the chart of the alerts for the Notifiers that show one
	// (notify fills it from chart); nil for none.
	PNG []byte
	// fallback marks a delivery to a route's fallback recipient: it never
	// falls back itself.
	fallback bool
	// ActionLink: Render made Rendered.URL the action page's signed link.
	ActionLink bool
	// chart is the chart the message attaches (PlanCharts); nil: none.
	chart *chartJob
}
