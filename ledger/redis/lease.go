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
	ttl = max(ttl, time.Millisecond)
	now := l.opts.Now()
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	n, err := l.scripts.lease.Run(ctx, l.rdb, []string{l.key("lease:", name)},
		holder, ttl.Milliseconds(), nanos(now), nanos(now.Add(ttl))).Int()
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

// Leaser grants leases: any ledger (the Redis one among replicas, the
// local one to anyone).
type Leaser interface {
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
}

// RunLeased runs job while holder has the lease name, until ctx ends. It
// tries to take the lease every ttl/3 and renews it at the same pace;
// job's context ends when a renewal fails or finds the lease taken (so a
// job runs on two replicas at most until the next renewal), and job is
// started again when the lease comes back. When ctx ends the lease is
// released (if s can: ReleaseLease), so another replica takes over within
// ttl/3; a replica that dies loses the lease after ttl, and another takes
// it within ttl + ttl/3, less than two lease periods.
func RunLeased(ctx context.Context, s Leaser, name, holder string, ttl time.Duration, job func(context.Context)) {
	every := max(ttl/3, time.Millisecond)
	t := time.NewTicker(every)
	defer t.Stop()
	j := &leasedJob{job: job}
	defer j.stop()
	for {
		ok, err := s.Lease(ctx, name, holder, ttl)
		if err == nil && ok {
			j.start(ctx)
		} else {
			j.stop()
		}
		select {
		case <-ctx.Done():
			j.stop()
			if r, ok := s.(interface {
				ReleaseLease(ctx context.Context, name, holder string) error
			}); ok {
				_ = r.ReleaseLease(context.WithoutCancel(ctx), name, holder)
			}
			return
		case <-t.C:
		}
	}
}

// leasedJob is the job of RunLeased, running or not.
type leasedJob struct {
	job    func(context.Context)
	cancel context.CancelFunc
	done   chan struct{}
}

func (j *leasedJob) start(ctx context.Context) {
	if j.cancel != nil {
		return
	}
	ctx, j.cancel = context.WithCancel(ctx)
	j.done = make(chan struct{})
	go func() { defer close(j.done); j.job(ctx) }()
}

func (j *leasedJob) stop() {
	if j.cancel == nil {
		return
	}
	j.cancel()
	<-j.done
	j.cancel = nil
}
