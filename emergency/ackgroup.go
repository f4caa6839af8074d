package emergency

import (
	"context"
	"fmt"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// ViaActionPage is the Via of an acknowledgement made on the action page.
const ViaActionPage = "the action page"

// ReceiptCanceller stops an emergency's retries; *pushover.Client is one.
// A dry run has none: acknowledging then only records.
type ReceiptCanceller interface {
	Cancel(ctx context.Context, receipt string) error
}

// AcknowledgeGroup acknowledges, as by, every emergency of the group
// (receiver, groupKey) that still rings: it cancels its receipt at
// Pushover so the phones stop ringing, then records the acknowledgement
// (by, via), logs it, counts it and starts the route's silence_on_ack,
// as for an acknowledgement in Pushover. already is true when nothing
// rang. A receipt that cannot be cancelled is not recorded (it still
// rings: the caller may try again) and its error is returned.
func (t *Tracker) AcknowledgeGroup(ctx context.Context, receiver, groupKey, by, via string) (already bool, err error) {
	now := t.now()
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Receiver: receiver, GroupKey: groupKey, RingingAt: now})
	if err != nil {
		return false, fmt.Errorf("finding the group's emergencies: %w", err)
	}
	if len(es) == 0 {
		return true, nil
	}
	rt := t.rt.Load()
	var firstErr error
	for _, e := range es {
		if err := t.ackOne(ctx, rt, e, ledger.Ack{At: now, By: by, Via: via}); err != nil {
			level.Error(t.logger).Log("msg", "could not acknowledge an emergency", "route", e.Route,
				"recipient", e.Recipient, "via", via, "err", rt.Secrets.String(err.Error()))
			if firstErr == nil {
				firstErr = err
			}
		}
	}
	return false, firstErr
}

// ackOne cancels e's receipt and records ack.
func (t *Tracker) ackOne(ctx context.Context, rt *Runtime, e ledger.Emergency, ack ledger.Ack) error {
	if rt.Canceller != nil {
		if err := rt.Canceller.Cancel(ctx, e.Receipt); err != nil {
			return fmt.Errorf("cancelling the receipt: %w", err)
		}
	}
	e, first, err := t.ledger.Acknowledge(ctx, e.Receipt, ack)
	if first {
		t.acknowledged(ctx, rt, e, "")
	}
	return err
}

// acknowledged is what follows the first acknowledgement of e, however it
// came (a receipt poll, Pushover's callback, the action page): the count,
// the log line, silence_on_ack, and OnAcknowledged (the escalation of e's
// group stops).
func (t *Tracker) acknowledged(ctx context.Context, rt *Runtime, e ledger.Emergency, source string) {
	t.metrics.Acknowledged.WithLabelValues(e.Route).Inc()
	kv := []any{"msg", "emergency acknowledged", "route", e.Route, "recipient", e.Recipient,
		"by", e.Ack.By, "device", e.Ack.Device, "at", e.Ack.At.UTC().Format(time.RFC3339), "alerts", len(e.Alerts)}
	if source != "" {
		kv = append(kv, "source", source)
	}
	if e.Ack.Via != "" {
		kv = append(kv, "via", e.Ack.Via)
	}
	level.Info(t.logger).Log(kv...)
	if e.SilenceFor > 0 {
		t.silence(rt, e)
	}
	if t.onAck != nil {
		if source == "" {
			source = e.Ack.Via
		}
		t.onAck(ctx, e, source)
	}
}
