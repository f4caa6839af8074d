package redisledger

import (
	"context"
	"time"
)

// Lease takes, or renews, the lease name for holder for ttl: true when
// holder has it now (it was free, expired, or already holder's), false
// when another holder has it. Taking and renewing are one atomic
// compare-and-set, so two replicas never both hold it; a holder that
// stops renewing loses it after ttl.
func (l *Ledger) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	n, err := l.scripts.lease.Run(ctx, l.rdb, []string{l.key("lease:", name)}, holder, ttl.Milliseconds()).Int()
	if err := l.done("lease", err); err != nil {
		return false, err
	}
	return n == 1, nil
}

// ReleaseLease gives up the lease name if holder has it, so another
// replica can take it at once (on shutdown).
func (l *Ledger) ReleaseLease(ctx context.Context, name, holder string) error {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("release_lease", l.scripts.unlease.Run(ctx, l.rdb, []string{l.key("lease:", name)}, holder).Err())
}

// Leaser is a store that grants leases: this Ledger, or any ledger whose
// background jobs must run on one replica at a time.
type Leaser interface {
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	ReleaseLease(ctx context.Context, name, holder string) error
}

// RunLeased runs job while holder has the lease name, until ctx ends. It
// tries to take the lease every ttl/3 and renews it at the same pace;
// job's context ends when a renewal fails or finds the lease taken (so a
// job never runs on two replicas for longer than one renewal period), and
// job is started again when the lease comes back. When ctx ends the lease
// is released, so another replica takes over within ttl/3; a replica that
// dies loses the lease after ttl, and another takes it within ttl + ttl/3,
// less than two lease periods.
func RunLeased(ctx context.Context, s Leaser, name, holder string, ttl time.Duration, job func(context.Context)) {
	every := max(ttl/3, time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	var stop context.CancelFunc
	done := make(chan struct{})
	close(done) // no job running
	for {
		ok, err := s.Lease(ctx, name, holder, ttl)
		held := err == nil && ok
		switch {
		case held && stop == nil:
			var jctx context.Context
			jctx, stop = context.WithCancel(ctx)
			done = make(chan struct{})
			go func() { defer close(done); job(jctx) }()
		case !held && stop != nil:
			stop()
			<-done
			stop = nil
		}
		select {
		case <-ctx.Done():
			if stop != nil {
				stop()
			}
			<-done
			_ = s.ReleaseLease(context.WithoutCancel(ctx), name, holder)
			return
		case <-t.C:
		}
	}
}
