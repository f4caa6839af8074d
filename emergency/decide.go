package emergency

import (
	"context"

	"github.com/go-kit/log/level"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Decision is what the record of earlier emergencies makes of a delivery
// that would page at emergency priority.
type Decision int

// The decisions.
const (
	// Page: send the emergency.
	Page Decision = iota
	// Update: some alerts resolved and an emergency already covered every
	// alert still firing (a partial resolve): send an update at the
	// route's resolved priority, which neither cancels nor re-triggers the
	// siren.
	Update
	// StillRinging: an emergency covering every firing alert still rings
	// and the route does not repeat while ringing: send nothing.
	StillRinging
)

// String names the decision.
func (d Decision) String() string {
	switch d {
	case Page:
		return "page"
	case Update:
		return "update"
	case StillRinging:
		return "still_ringing"
	}
	return "Decision(?)"
}

// Situation is what Decide needs to know of one delivery.
type Situation struct {
	Tag                string
	Alerts             template.Alerts // the delivery's alerts, firing and resolved
	RepeatWhileRinging bool            // the route's repeat_while_ringing
}

// Decide reads the ledger's emergencies of s.Tag and decides. A ledger
// error is logged and decides Page: a double page beats a lost one.
func (t *Tracker) Decide(ctx context.Context, s Situation) Decision {
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Tag: s.Tag})
	if err != nil {
		level.Warn(t.logger).Log("msg", "ledger lookup failed, paging anyway", "err", err)
		return Page
	}
	firing := AlertRefs(s.Alerts.Firing())
	paged, ringing := false, false
	for _, e := range es {
		if e.Covers(firing) {
			paged = true
			ringing = ringing || e.Ringing(t.now())
		}
	}
	switch {
	case paged && len(s.Alerts.Resolved()) > 0:
		return Update
	case ringing && !s.RepeatWhileRinging:
		return StillRinging
	}
	return Page
}

// Acknowledged is the latest acknowledgement of the group's emergencies
// sent for any of alerts, for templates (.Acknowledged); nil when none
// (or the ledger cannot say).
func (t *Tracker) Acknowledged(ctx context.Context, receiver, groupKey string, alerts template.Alerts) *templates.Acknowledgement {
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Receiver: receiver, GroupKey: groupKey, Alerts: AlertRefs(alerts)})
	if err != nil {
		return nil
	}
	var latest *ledger.Ack
	for _, e := range es {
		if e.Ack != nil && (latest == nil || e.Ack.At.After(latest.At)) {
			latest = e.Ack
		}
	}
	if latest == nil {
		return nil
	}
	return &templates.Acknowledgement{By: latest.By, Device: latest.Device, At: latest.At}
}

// AlertRefs identifies alerts for the ledger: fingerprint and start time.
func AlertRefs(alerts template.Alerts) []ledger.AlertRef {
	out := make([]ledger.AlertRef, 0, len(alerts))
	for _, a := range alerts {
		out = append(out, ledger.AlertRef{Fingerprint: a.Fingerprint, StartsAt: a.StartsAt})
	}
	return out
}
