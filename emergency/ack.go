package emergency

import (
	"context"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Acknowledgement is one report that an emergency was acknowledged, from a
// receipt poll or Pushover's callback.
type Acknowledgement struct {
	Receipt string
	UserKey string // acknowledged_by: a secret, never logged or stored
	Device  string
	At      time.Time // zero: now
	Source  string    // poll or callback, for the log
}

// Acknowledge records the first acknowledgement of an emergency the ledger
// knows: it stores who (a recipient name, never a key) and when, so later
// messages of the group can say so (.Acknowledged), logs it, counts it,
// and starts the route's silence_on_ack. It reports whether this was the
// first acknowledgement; a ledger write error is returned after all that
// (the acknowledgement is kept in memory).
func (t *Tracker) Acknowledge(ctx context.Context, a Acknowledgement) (bool, error) {
	e, ok, err := t.ledger.Emergency(ctx, a.Receipt)
	if err != nil {
		level.Error(t.logger).Log("msg", "could not look up an acknowledged emergency", "err", err)
		return false, err
	}
	if !ok || e.Ack != nil {
		level.Debug(t.logger).Log("msg", "acknowledgement of an unknown or already acknowledged emergency",
			"source", a.Source, "known", ok)
		return false, nil
	}
	rt := t.rt.Load()
	ack := ledger.Ack{At: a.At, By: ackName(rt, e.Recipient, a.UserKey), Device: a.Device}
	if ack.At.IsZero() {
		ack.At = t.now()
	}
	e, first, err := t.ledger.Acknowledge(ctx, a.Receipt, ack)
	if err != nil {
		level.Error(t.logger).Log("msg", "could not record acknowledgement", "route", e.Route, "err", err)
	}
	if !first {
		return false, err
	}
	t.acknowledged(ctx, rt, e, a.Source)
	return true, err
}

// ackName names who acknowledged: the configured recipient whose key it
// is, else "a member of <recipient>" (a group's member, or a user the
// configuration does not name). It never returns the key.
func ackName(rt *Runtime, recipient, userKey string) string {
	if name, ok := rt.Recipients[userKey]; ok && userKey != "" {
		return name
	}
	return "a member of " + recipient
}
