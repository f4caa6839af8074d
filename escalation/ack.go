package escalation

import (
	"context"
	"fmt"
	"slices"

	"github.com/go-kit/log/level"
)

// Acknowledge records the first acknowledgement of the escalation id and
// stops it: no later level fires, and every receipt of every level but
// the acknowledged one is cancelled (a failed cancel is retried by Run).
// first is false when the escalation was acknowledged or resolved before
// (nothing changes). ack.At defaults to now; ack.Level, when 0, is found
// from ack.Receipt. ErrNotFound when there is no such escalation.
func (e *Engine) Acknowledge(ctx context.Context, id string, ack Ack) (rec Record, first bool, err error) {
	if ack.At.IsZero() {
		ack.At = e.o.Now()
	}
	rec, err = e.o.Store.Update(ctx, id, func(r *Record, found bool) error {
		first = false
		switch {
		case !found:
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		case r.Acked != nil || r.Resolved:
			return nil
		}
		if ack.Level == 0 && ack.Receipt != "" {
			ack.Level = r.levelOf(ack.Receipt)
		}
		a := ack
		r.Acked = &a
		r.Uncancelled = appendNew(r.Uncancelled, r.Receipts(), ack.Receipt)
		first = true
		return nil
	})
	if err != nil || !first {
		return rec, false, err
	}
	e.o.Metrics.acked(rec.Route, ack.Level, ack.At.Sub(rec.PagedAt))
	level.Info(e.o.Logger).Log("msg", "escalation acknowledged", "escalation", id, "route", rec.Route,
		"by", ack.By, "level", ack.Level, "via", ack.Via, "after", ack.At.Sub(rec.PagedAt),
		"levels_fired", len(rec.Fired))
	e.succeeded(id)
	e.cancelPending(ctx, rec)
	return rec, true, nil
}

// Resolve stops the escalation id because its alerts resolved: no later
// level fires, and every level's receipts are cancelled (those left
// ringing when it was acknowledged were cancelled then). Resolving twice
// changes nothing. ErrNotFound when there is no such escalation.
func (e *Engine) Resolve(ctx context.Context, id string) (Record, error) {
	now := e.o.Now()
	changed := false
	rec, err := e.o.Store.Update(ctx, id, func(r *Record, found bool) error {
		changed = false
		switch {
		case !found:
			return fmt.Errorf("%w: %s", ErrNotFound, id)
		case r.Resolved:
			return nil
		}
		r.Resolved, r.ResolvedAt, changed = true, now, true
		if r.Acked == nil {
			r.Uncancelled = appendNew(r.Uncancelled, r.Receipts(), "")
		}
		return nil
	})
	if err != nil || !changed {
		return rec, err
	}
	level.Info(e.o.Logger).Log("msg", "escalation resolved", "escalation", id, "route", rec.Route,
		"levels_fired", len(rec.Fired), "cancelling", len(rec.Uncancelled))
	e.succeeded(id)
	e.cancelPending(ctx, rec)
	return rec, nil
}

// appendNew appends to dst each receipt of add not in dst and not skip.
func appendNew(dst, add []Receipt, skip string) []Receipt {
	for _, r := range add {
		if r.Receipt != skip && !slices.Contains(dst, r) {
			dst = append(dst, r)
		}
	}
	return dst
}

// cancelPending cancels rec's Uncancelled receipts and forgets those it
// cancelled; on failure it backs off and wakes Run to retry. It reports
// whether every receipt was cancelled.
func (e *Engine) cancelPending(ctx context.Context, rec Record) bool {
	todo := slices.Clone(rec.Uncancelled)
	if len(todo) == 0 {
		return true
	}
	n, err := e.o.Canceller.CancelReceipts(ctx, todo)
	if err != nil {
		e.o.Metrics.cancelError()
		at := e.backoff(rec.ID, e.o.Now())
		level.Warn(e.o.Logger).Log("msg", "could not cancel escalation receipts; will retry", "escalation", rec.ID,
			"route", rec.Route, "receipts", len(todo), "retry_at", at, "err", err)
		e.Notify()
		return false
	}
	_, err = e.o.Store.Update(ctx, rec.ID, func(r *Record, found bool) error {
		if !found {
			return fmt.Errorf("%w: %s", ErrNotFound, rec.ID)
		}
		r.Uncancelled = slices.DeleteFunc(r.Uncancelled, func(x Receipt) bool { return slices.Contains(todo, x) })
		return nil
	})
	if err != nil {
		at := e.backoff(rec.ID, e.o.Now())
		level.Warn(e.o.Logger).Log("msg", "could not record cancelled receipts", "escalation", rec.ID,
			"retry_at", at, "err", err)
		return false
	}
	level.Debug(e.o.Logger).Log("msg", "escalation receipts cancelled", "escalation", rec.ID, "cancelled", n)
	return true
}
