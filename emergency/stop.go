package emergency

import (
	"context"
	"time"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Known is what the ledger knows of a webhook's emergencies: those still
// ringing (of its group, or sent for any of its alerts under another
// group key), and whether it knows any emergency of the group at all.
type Known struct {
	Ringing []ledger.Emergency
	// Group: the ledger knows an emergency of this group, in any state.
	// When it knows none, it may have lost what it knew (a lost volume):
	// cancel by tag then.
	Group bool
}

// Known reads what the ledger knows of the emergencies of the webhook of
// source (its externalURL), receiver and group key, with alerts. An error
// means the ledger cannot say (the caller falls back to cancel by tag).
func (t *Tracker) Known(ctx context.Context, source, receiver, groupKey string, alerts template.Alerts) (*Known, error) {
	group, err := t.ledger.Emergencies(ctx, ledger.Filter{Source: source, Receiver: receiver, GroupKey: groupKey})
	if err != nil {
		return nil, err
	}
	now := t.now()
	regrouped, err := t.ledger.Emergencies(ctx, ledger.Filter{Source: source, Receiver: receiver,
		Fingerprints: fingerprints(alerts), RingingAt: now})
	if err != nil {
		return nil, err
	}
	k := &Known{Group: len(group) > 0}
	seen := map[string]bool{}
	for _, e := range append(group, regrouped...) {
		if e.Ringing(now) && !seen[e.Receipt] {
			seen[e.Receipt] = true
			k.Ringing = append(k.Ringing, e)
		}
	}
	return k, nil
}

// Cancelled records that Pushover cancelled receipt at at. A failure is
// logged.
func (t *Tracker) Cancelled(ctx context.Context, receipt string, at time.Time) {
	if err := t.ledger.Cancel(ctx, receipt, at); err != nil {
		level.Error(t.logger).Log("msg", "could not record a cancelled emergency", "err", err)
	}
}

// Forgotten records that Pushover no longer knows receipt.
func (t *Tracker) Forgotten(ctx context.Context, receipt string) {
	if err := t.ledger.Expire(ctx, receipt); err != nil {
		level.Error(t.logger).Log("msg", "could not record an expired emergency", "err", err)
	}
}
