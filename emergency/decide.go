package emergency

import (
	"context"
	"strconv"
	"time"

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
	Source    string // the webhook's externalURL
	Receiver  string // the Alertmanager receiver
	Route     string
	Recipient string
	Alerts    template.Alerts // the delivery's alerts, firing and resolved
	// RepeatWhileRinging is the route's repeat_while_ringing.
	RepeatWhileRinging bool
}

// Decide reads what the ledger knows of the recipient's emergencies of
// this route for the delivery's alerts, in any group (Alertmanager may
// regroup an alert under a new group key), and decides:
//   - Update when some alerts resolved and every firing one was paged
//     (same fingerprint, same firing episode);
//   - StillRinging when, for every firing alert, an emergency that still
//     rings was sent for an alert of that fingerprint (in whatever firing
//     episode: a flap inside one Alertmanager flush changes startsAt, not
//     the ringing phone);
//   - Page otherwise.
//
// A ledger error is logged and decides Page: a double page beats a lost one.
func (t *Tracker) Decide(ctx context.Context, s Situation) Decision {
	firing := s.Alerts.Firing()
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Source: s.Source, Receiver: s.Receiver,
		Fingerprints: fingerprints(firing)})
	if err != nil {
		level.Warn(t.logger).Log("msg", "ledger lookup failed, paging anyway", "err", err)
		return Page
	}
	now := t.now()
	paged, ringing := map[string]bool{}, map[string]bool{}
	for _, e := range es {
		if e.Route != s.Route || e.Recipient != s.Recipient {
			continue
		}
		for _, a := range e.Alerts {
			paged[episode(a.Fingerprint, a.StartsAt)] = true
			ringing[a.Fingerprint] = ringing[a.Fingerprint] || e.Ringing(now)
		}
	}
	allPaged, allRinging := len(firing) > 0, len(firing) > 0
	for _, a := range firing {
		allPaged = allPaged && paged[episode(a.Fingerprint, a.StartsAt)]
		allRinging = allRinging && ringing[a.Fingerprint]
	}
	switch {
	case allPaged && len(s.Alerts.Resolved()) > 0:
		return Update
	case allRinging && !s.RepeatWhileRinging:
		return StillRinging
	}
	return Page
}

// Acknowledged is the latest acknowledgement of the group's emergencies
// sent for any of alerts, for templates (.Acknowledged); nil when none
// (or the ledger cannot say).
func (t *Tracker) Acknowledged(ctx context.Context, receiver, groupKey string, alerts template.Alerts) *templates.Acknowledgement {
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Receiver: receiver, GroupKey: groupKey, Fingerprints: fingerprints(alerts)})
	if err != nil {
		return nil
	}
	refs := AlertRefs(alerts)
	var latest *ledger.Ack
	for _, e := range es {
		if e.Ack != nil && e.Overlaps(refs) && (latest == nil || e.Ack.At.After(latest.At)) {
			latest = e.Ack
		}
	}
	if latest == nil {
		return nil
	}
	return &templates.Acknowledgement{By: latest.By, Device: latest.Device, At: latest.At}
}

// episode identifies one firing episode of an alert.
func episode(fp string, startsAt time.Time) string {
	return fp + "@" + strconv.FormatInt(startsAt.UnixNano(), 10)
}

// fingerprints lists the alerts' fingerprints.
func fingerprints(alerts template.Alerts) []string {
	out := make([]string, 0, len(alerts))
	for _, a := range alerts {
		out = append(out, a.Fingerprint)
	}
	return out
}

// AlertRefs identifies alerts for the ledger: fingerprint and start time.
func AlertRefs(alerts template.Alerts) []ledger.AlertRef {
	out := make([]ledger.AlertRef, 0, len(alerts))
	for _, a := range alerts {
		out = append(out, ledger.AlertRef{Fingerprint: a.Fingerprint, StartsAt: a.StartsAt})
	}
	return out
}
