package escalation

import (
	"context"
	"time"

	"github.com/go-kit/log/level"
)

// releaseTimeout bounds giving the lease up when Run ends.
const releaseTimeout = 5 * time.Second

// Run fires due levels until ctx ends, only while it holds lease (taken
// and renewed every third of LeaseTTL for Holder). It wakes at the next
// due level, on Notify, and at least every Poll to notice records that
// other replicas started. It returns nil when ctx ends, giving the lease
// up.
func (e *Engine) Run(ctx context.Context, lease Lease) error {
	held := false
	defer func() {
		if held {
			rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), releaseTimeout)
			defer cancel()
			if err := lease.Release(rctx, e.o.Holder); err != nil {
				level.Warn(e.o.Logger).Log("msg", "could not release the escalation lease", "err", err)
			}
		}
	}()
	for {
		held = e.hold(ctx, lease, held)
		wait := min(e.o.Poll, e.o.LeaseTTL/3)
		if held {
			next, err := e.step(ctx)
			if err != nil {
				level.Error(e.o.Logger).Log("msg", "escalation pass failed", "err", err)
			} else if !next.IsZero() {
				wait = min(wait, max(next.Sub(e.o.Now()), 0))
			}
		}
		select {
		case <-ctx.Done():
			return nil
		case <-e.wake:
		case <-e.o.After(wait):
		}
	}
}

// hold takes or renews the lease and reports whether this engine has it;
// an error counts as not holding it.
func (e *Engine) hold(ctx context.Context, lease Lease, held bool) bool {
	var ok bool
	var err error
	if held {
		ok, err = lease.Renew(ctx, e.o.Holder, e.o.LeaseTTL)
	} else {
		ok, err = lease.Acquire(ctx, e.o.Holder, e.o.LeaseTTL)
	}
	if err != nil {
		if ctx.Err() == nil {
			level.Warn(e.o.Logger).Log("msg", "escalation lease failed; not firing", "holder", e.o.Holder, "err", err)
		}
		ok = false
	}
	if ok != held {
		level.Info(e.o.Logger).Log("msg", "escalation lease changed", "holder", e.o.Holder, "held", ok)
	}
	return ok
}
