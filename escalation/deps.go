package escalation

import (
	"context"
	"sync"
	"time"
)

// Pager sends level's page of rec to recipients (names, schedules already
// resolved): an emergency in rec's scope saying it is an escalation
// (level N) and that missed did not answer, rendered from rec.Snapshot.
// It returns the receipts of what Pushover accepted. It must page a
// PageKey(rec.ID, level) at most once: the engine retries a failed page
// with the same key, and after a crash between a send and its record.
// An error means the level did not page; the engine retries it.
type Pager interface {
	Page(ctx context.Context, rec Record, level int, recipients, missed []string) ([]Receipt, error)
}

// Canceller stops emergencies from ringing, by receipt; it returns how
// many it cancelled. A receipt Pushover no longer rings is no error.
type Canceller interface {
	CancelReceipts(ctx context.Context, receipts []Receipt) (int, error)
}

// Resolver maps a name of a level's To to a recipient name at t: for a
// schedule, whoever is on call then ("" for nobody) and true; any other
// name unchanged and false. schedule.Set.Resolve is one.
type Resolver func(name string, t time.Time) (recipient string, isSchedule bool)

// StillFiring reports whether rec's alerts still page (for example,
// Alertmanager's API says they are neither resolved nor silenced); when
// false, the escalation halts with reason. An error lets the level fire:
// a page too many beats a missed one. Without it, the engine relies on
// Resolve, which the pipeline calls on a resolve webhook.
type StillFiring func(ctx context.Context, rec Record) (firing bool, reason string, err error)

// Lease elects the one replica that fires levels. Acquire and Renew grant
// the lease to holder for ttl unless another holder has it, and report
// whether holder has it now; Release gives it up.
type Lease interface {
	Acquire(ctx context.Context, holder string, ttl time.Duration) (bool, error)
	Renew(ctx context.Context, holder string, ttl time.Duration) (bool, error)
	Release(ctx context.Context, holder string) error
}

// LeaseFunc adapts a grant-or-renew function, such as the ledger's
// Lease(ctx, name, holder, ttl) with a fixed name, to a Lease whose
// Release lets the lease run out.
type LeaseFunc func(ctx context.Context, holder string, ttl time.Duration) (bool, error)

// Acquire implements Lease.
func (f LeaseFunc) Acquire(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	return f(ctx, holder, ttl)
}

// Renew implements Lease.
func (f LeaseFunc) Renew(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	return f(ctx, holder, ttl)
}

// Release implements Lease: the lease expires after its ttl.
func (f LeaseFunc) Release(context.Context, string) error { return nil }

// MemLease is a Lease in memory, shared by the engines of one process
// (and by tests standing in for replicas).
type MemLease struct {
	now    func() time.Time
	mu     sync.Mutex
	holder string
	until  time.Time
}

// NewMemLease returns a free lease on the clock now.
func NewMemLease(now func() time.Time) *MemLease { return &MemLease{now: now} }

// Acquire implements Lease.
func (l *MemLease) Acquire(_ context.Context, holder string, ttl time.Duration) (bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	if l.holder != "" && l.holder != holder && now.Before(l.until) {
		return false, nil
	}
	l.holder, l.until = holder, now.Add(ttl)
	return true, nil
}

// Renew implements Lease.
func (l *MemLease) Renew(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	return l.Acquire(ctx, holder, ttl)
}

// Release implements Lease.
func (l *MemLease) Release(_ context.Context, holder string) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.holder == holder {
		l.holder = ""
	}
	return nil
}

// Holder returns who holds the lease now, or "".
func (l *MemLease) Holder() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	if !l.now().Before(l.until) {
		return ""
	}
	return l.holder
}
