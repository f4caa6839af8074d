package ledger

import (
	"context"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Local is the Ledger of a single replica: everything in memory, written
// through to a bbolt file when opened on a directory. It is safe for
// concurrent use. The zero value is not usable: see NewMemory, Open and
// OpenOrMemory.
type Local struct {
	opts    Options
	db      *bolt.DB // nil: memory only
	commits *committer

	mu          sync.RWMutex
	deliveries  map[string]time.Time  // accepted (and "refused:"+key) deliveries
	claims      map[string]claimEntry // deliveries being sent; never stored
	leases      map[string]claimEntry
	emergencies map[string]*Emergency // by receipt
	escalations map[string]escEntry   // by escalation id (escalations.go)
	escPending  map[string]struct{}   // the ids of the pending escalations
	ix          index                 // of emergencies
	groups      map[string]*Group     // by ID, for the action page
	health      error                 // why the ledger is not durable; nil when it is
	closed      bool

	// reportMu makes counting and reporting the outstanding emergencies
	// one step, so the last report is of the latest state.
	reportMu sync.Mutex
}

// claimEntry is who holds a claim or lease, and until when.
type claimEntry struct {
	holder string
	until  time.Time
}

var _ Ledger = (*Local)(nil)

// NewMemory returns a ledger held in memory only: it forgets on restart.
func NewMemory(opts Options) *Local {
	return &Local{opts: opts.withDefaults(), deliveries: map[string]time.Time{}, claims: map[string]claimEntry{},
		leases: map[string]claimEntry{}, emergencies: map[string]*Emergency{},
		escalations: map[string]escEntry{}, escPending: map[string]struct{}{}, groups: map[string]*Group{}, ix: newIndex()}
}

// Durable reports whether the ledger writes to disk.
func (l *Local) Durable() bool { return l.db != nil }

// Health implements Ledger.
func (l *Local) Health(context.Context) error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.health
}

func (l *Local) setHealth(err error) {
	l.mu.Lock()
	changed := (l.health == nil) != (err == nil)
	l.health = err
	l.mu.Unlock()
	if changed {
		l.opts.Observer.LedgerHealthy(err == nil)
	}
}

// refusedKey is the key under which a refusal of the delivery key is kept,
// beside the accepted ones (the file's format since schema 1).
func refusedKey(key string) string { return "refused:" + key }

// Claim implements Ledger.
func (l *Local) Claim(_ context.Context, key string, r ClaimRequest) (Claim, error) {
	now := l.opts.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if at, ok := l.live(key, now); ok && !at.Before(r.AcceptedSince) {
		return Claim{State: Accepted, At: at}, nil
	}
	if at, ok := l.live(refusedKey(key), now); ok && !at.Before(r.RefusedSince) {
		return Claim{State: Refused, At: at}, nil
	}
	if c, ok := l.claims[key]; ok && c.holder != r.Holder && now.Before(c.until) {
		return Claim{State: Held}, nil
	}
	l.claims[key] = claimEntry{holder: r.Holder, until: now.Add(r.TTL)}
	return Claim{State: Claimed}, nil
}

// live returns the time recorded under key unless the record expired.
func (l *Local) live(key string, now time.Time) (time.Time, bool) {
	at, ok := l.deliveries[key]
	if !ok || now.Sub(at) > l.opts.Retention {
		return time.Time{}, false
	}
	return at, true
}

// Accept implements Ledger.
func (l *Local) Accept(_ context.Context, key, holder string, at time.Time) error {
	return l.settle("record", key, key, holder, at)
}

// Refuse implements Ledger.
func (l *Local) Refuse(_ context.Context, key, holder string, at time.Time) error {
	return l.settle("refuse", key, refusedKey(key), holder, at)
}

func (l *Local) settle(op, key, record, holder string, at time.Time) error {
	l.mu.Lock()
	l.deliveries[record] = at
	l.dropClaim(key, holder)
	l.mu.Unlock()
	return l.persist(op, func(tx *bolt.Tx) error { return l.putDelivery(tx, record) })
}

// Release implements Ledger.
func (l *Local) Release(_ context.Context, key, holder string) error {
	l.mu.Lock()
	l.dropClaim(key, holder)
	l.mu.Unlock()
	return nil
}

// dropClaim forgets holder's claim of key; l.mu is held.
func (l *Local) dropClaim(key, holder string) {
	if c, ok := l.claims[key]; ok && c.holder == holder {
		delete(l.claims, key)
	}
}

// Lease implements Ledger: in one process, the lease is held in memory.
func (l *Local) Lease(_ context.Context, name, holder string, ttl time.Duration) (bool, error) {
	now := l.opts.Now()
	l.mu.Lock()
	defer l.mu.Unlock()
	if c, ok := l.leases[name]; ok && c.holder != holder && now.Before(c.until) {
		return false, nil
	}
	l.leases[name] = claimEntry{holder: holder, until: now.Add(ttl)}
	return true, nil
}

// Len returns the number of delivery records and emergencies held.
func (l *Local) Len() (deliveries, emergencies int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.deliveries), len(l.emergencies)
}
