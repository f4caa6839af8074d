package escalation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"time"

	"github.com/go-kit/log/level"
)

// errRaced: another engine recorded the level first.
var errRaced = errors.New("level already recorded")

// step fires every due level and retries due cancels, then returns when
// the next is due (zero: nothing pending).
func (e *Engine) step(ctx context.Context) (time.Time, error) {
	now := e.o.Now()
	due, err := e.o.Store.Due(ctx, now)
	if err != nil {
		return time.Time{}, fmt.Errorf("escalation: read due records: %w", err)
	}
	for _, rec := range due {
		if now.Before(e.retryAt(rec.ID)) {
			continue
		}
		e.process(ctx, rec, now)
	}
	pending, err := e.o.Store.Pending(ctx)
	if err != nil {
		return time.Time{}, fmt.Errorf("escalation: read pending records: %w", err)
	}
	e.o.Metrics.pending(len(pending))
	return e.nextWake(pending, now), nil
}

// nextWake is the soonest time a pending record needs the engine.
func (e *Engine) nextWake(pending []Record, now time.Time) time.Time {
	var next time.Time
	for _, rec := range pending {
		t, ok := rec.NextDue()
		if !ok || len(rec.Uncancelled) > 0 {
			t = now
		}
		if r := e.retryAt(rec.ID); t.Before(r) {
			t = r
		}
		if next.IsZero() || t.Before(next) {
			next = t
		}
	}
	return next
}

// process retries rec's cancels and fires its due levels, in order.
func (e *Engine) process(ctx context.Context, rec Record, now time.Time) {
	if len(rec.Uncancelled) > 0 && !e.cancelPending(ctx, rec) {
		return
	}
	for rec.Due(now) {
		if e.o.StillFiring != nil {
			firing, reason, err := e.o.StillFiring(ctx, rec)
			if err != nil {
				level.Warn(e.o.Logger).Log("msg", "could not check that the alerts still fire; escalating",
					"escalation", rec.ID, "route", rec.Route, "err", err)
			} else if !firing {
				e.halt(ctx, rec, reason)
				return
			}
		}
		next, err := e.fire(ctx, rec, now)
		if err != nil {
			at := e.backoff(rec.ID, now)
			level.Error(e.o.Logger).Log("msg", "escalation page failed; will retry", "escalation", rec.ID,
				"route", rec.Route, "level", len(rec.Fired)+1, "retry_at", at, "err", err)
			return
		}
		e.succeeded(rec.ID)
		rec = next
	}
}

// fire pages rec's next level and records it once Pushover accepted it.
func (e *Engine) fire(ctx context.Context, rec Record, now time.Time) (Record, error) {
	lvl := len(rec.Fired) + 1
	recipients, unresolved := e.resolve(rec.Levels[lvl-1].To, now)
	missed := rec.Missed()
	var receipts []Receipt
	if len(recipients) > 0 {
		var err error
		if receipts, err = e.o.Pager.Page(ctx, rec, lvl, recipients, missed); err != nil {
			e.o.Metrics.pageError(rec.Route, lvl)
			return rec, fmt.Errorf("escalation %s: page level %d: %w", rec.ID, lvl, err)
		}
	}
	fl := FiredLevel{Level: lvl, At: now, Recipients: recipients, Unresolved: unresolved, Receipts: receipts}
	out, err := e.o.Store.Update(ctx, rec.ID, func(r *Record, found bool) error {
		switch {
		case !found:
			return fmt.Errorf("%w: %s", ErrNotFound, rec.ID)
		case len(r.Fired) != lvl-1:
			return errRaced
		}
		r.Fired = append(r.Fired, fl)
		if r.Acked != nil || r.Resolved { // stopped while this level paged
			r.Uncancelled = append(r.Uncancelled, receipts...)
		}
		return nil
	})
	switch {
	case errors.Is(err, errRaced):
		return e.reread(ctx, rec)
	case err != nil:
		return rec, fmt.Errorf("escalation %s: record level %d: %w", rec.ID, lvl, err)
	}
	e.o.Metrics.fired(rec.Route, lvl)
	logFired(e, out, fl, missed)
	if len(out.Uncancelled) > 0 {
		e.cancelPending(ctx, out)
	}
	return out, nil
}

func logFired(e *Engine, rec Record, fl FiredLevel, missed []string) {
	l := level.Info(e.o.Logger)
	if len(fl.Recipients) == 0 {
		l = level.Warn(e.o.Logger)
	}
	l.Log("msg", "escalation level fired", "escalation", rec.ID, "route", rec.Route, "level", fl.Level,
		"recipients", fmt.Sprint(fl.Recipients), "unresolved", fmt.Sprint(fl.Unresolved),
		"missed", fmt.Sprint(missed), "after", fl.At.Sub(rec.PagedAt))
}

// reread returns the record as another engine left it.
func (e *Engine) reread(ctx context.Context, rec Record) (Record, error) {
	out, ok, err := e.o.Store.Get(ctx, rec.ID)
	if err != nil || !ok {
		return rec, fmt.Errorf("escalation %s: reread: %w", rec.ID, errors.Join(err, ErrNotFound))
	}
	return out, nil
}

// resolve maps a level's names to recipient names at t, each once;
// unresolved are the schedules with no one on call.
func (e *Engine) resolve(names []string, t time.Time) (recipients, unresolved []string) {
	for _, n := range names {
		r := n
		if e.o.Resolver != nil {
			r, _ = e.o.Resolver(n, t)
		}
		switch {
		case r == "":
			unresolved = append(unresolved, n)
		case !slices.Contains(recipients, r):
			recipients = append(recipients, r)
		}
	}
	return recipients, unresolved
}

// halt stops rec's escalation for reason (its alerts no longer page).
func (e *Engine) halt(ctx context.Context, rec Record, reason string) {
	if reason == "" {
		reason = "no longer firing"
	}
	_, err := e.o.Store.Update(ctx, rec.ID, func(r *Record, found bool) error {
		if !found {
			return fmt.Errorf("%w: %s", ErrNotFound, rec.ID)
		}
		r.Halted = reason
		return nil
	})
	if err != nil {
		level.Error(e.o.Logger).Log("msg", "could not halt escalation", "escalation", rec.ID, "err", err)
		e.backoff(rec.ID, e.o.Now())
		return
	}
	level.Info(e.o.Logger).Log("msg", "escalation halted", "escalation", rec.ID, "route", rec.Route,
		"reason", reason)
}
