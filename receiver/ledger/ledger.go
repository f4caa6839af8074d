package ledger

import (
	"context"
	"sort"
	"sync"
	"time"

	bolt "go.etcd.io/bbolt"
)

// Ledger is the bridge's record of accepted deliveries and emergencies. It
// is safe for concurrent use. The zero value is not usable: see NewMemory,
// Open and OpenOrMemory.
type Ledger struct {
	opts    Options
	db      *bolt.DB // nil: memory only
	commits *committer

	mu          sync.RWMutex
	deliveries  map[string]time.Time
	emergencies map[string]*Emergency // by receipt
	health      error                 // why the ledger is not durable; nil when it is
	closed      bool

	// reportMu makes counting and reporting the outstanding emergencies
	// one step, so the last report is of the latest state.
	reportMu sync.Mutex
}

// NewMemory returns a ledger held in memory only: it forgets on restart.
func NewMemory(opts Options) *Ledger {
	return &Ledger{opts: opts.withDefaults(), deliveries: map[string]time.Time{}, emergencies: map[string]*Emergency{}}
}

// Durable reports whether the ledger writes to disk.
func (l *Ledger) Durable() bool { return l.db != nil }

// Health is nil when every change so far reached the disk (or the ledger
// is memory-only by choice); else the last reason it did not.
func (l *Ledger) Health() error {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return l.health
}

func (l *Ledger) setHealth(err error) {
	l.mu.Lock()
	changed := (l.health == nil) != (err == nil)
	l.health = err
	l.mu.Unlock()
	if changed {
		l.opts.Observer.LedgerHealthy(err == nil)
	}
}

// Accepted reports when the delivery with key was accepted; ok is false
// when it never was, or the record expired.
func (l *Ledger) Accepted(_ context.Context, key string) (time.Time, bool, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	at, ok := l.deliveries[key]
	if ok && l.opts.Now().Sub(at) > l.opts.Retention {
		return time.Time{}, false, nil
	}
	return at, ok, nil
}

// Record notes that Pushover accepted the delivery with key at at.
func (l *Ledger) Record(_ context.Context, key string, at time.Time) error {
	l.mu.Lock()
	l.deliveries[key] = at
	l.mu.Unlock()
	return l.persist("record", func(tx *bolt.Tx) error { return l.putDelivery(tx, key) })
}

// AddEmergency records an emergency message Pushover accepted.
func (l *Ledger) AddEmergency(_ context.Context, e Emergency) error {
	if e.Touched.IsZero() {
		e.Touched = e.SentAt
	}
	l.mu.Lock()
	l.emergencies[e.Receipt] = &e
	l.mu.Unlock()
	l.reportOutstanding()
	return l.persist("add_emergency", func(tx *bolt.Tx) error { return l.putEmergency(tx, e.Receipt) })
}

// Cover says what the ledger knows of tag's emergencies for the alerts refs
// at now: Ringing when one that covers them all still rings, Paged when one
// covered them but none rings any more, else NotPaged.
func (l *Ledger) Cover(tag string, refs []AlertRef, now time.Time) Coverage {
	l.mu.RLock()
	defer l.mu.RUnlock()
	c := NotPaged
	for _, e := range l.emergencies {
		if e.Tag != tag || !e.Covers(refs) {
			continue
		}
		if e.Ringing(now) {
			return Ringing
		}
		c = Paged
	}
	return c
}

// Acknowledgement returns the latest acknowledgement of an emergency of the
// group (receiver, group key) sent for any of refs, or nil.
func (l *Ledger) Acknowledgement(receiver, groupKey string, refs []AlertRef) *Ack {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var latest *Ack
	for _, e := range l.emergencies {
		if e.Ack == nil || e.Receiver != receiver || e.GroupKey != groupKey || !e.Overlaps(refs) {
			continue
		}
		if latest == nil || e.Ack.At.After(latest.At) {
			a := *e.Ack
			latest = &a
		}
	}
	return latest
}

// Emergency returns the emergency with receipt.
func (l *Ledger) Emergency(receipt string) (Emergency, bool) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.emergencies[receipt]
	if !ok {
		return Emergency{}, false
	}
	return e.clone(), true
}

// Outstanding returns the emergencies still ringing at now, oldest first.
func (l *Ledger) Outstanding(now time.Time) []Emergency {
	l.mu.RLock()
	out := make([]Emergency, 0, len(l.emergencies))
	for _, e := range l.emergencies {
		if e.Ringing(now) {
			out = append(out, e.clone())
		}
	}
	l.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].SentAt.Before(out[j].SentAt) })
	return out
}

// Acknowledge records the first acknowledgement of receipt. first is false
// when the receipt is unknown or was already acknowledged; e is the record
// after the change.
func (l *Ledger) Acknowledge(_ context.Context, receipt string, ack Ack) (e Emergency, first bool, err error) {
	l.mu.Lock()
	rec, ok := l.emergencies[receipt]
	if !ok || rec.Ack != nil {
		if ok {
			e = rec.clone()
		}
		l.mu.Unlock()
		return e, false, nil
	}
	rec.Ack, rec.Touched = &ack, l.opts.Now()
	e = rec.clone()
	l.mu.Unlock()
	l.reportOutstanding()
	return e, true, l.persist("acknowledge", func(tx *bolt.Tx) error { return l.putEmergency(tx, receipt) })
}

// Expire records that Pushover no longer rings receipt (expired, or
// forgotten).
func (l *Ledger) Expire(_ context.Context, receipt string) error {
	l.mu.Lock()
	rec, ok := l.emergencies[receipt]
	if ok {
		rec.Expired, rec.Touched = true, l.opts.Now()
	}
	l.mu.Unlock()
	if !ok {
		return nil
	}
	l.reportOutstanding()
	return l.persist("expire", func(tx *bolt.Tx) error { return l.putEmergency(tx, receipt) })
}

// CancelTag records that every emergency carrying tag was cancelled at at.
func (l *Ledger) CancelTag(_ context.Context, tag string, at time.Time) error {
	var receipts []string
	l.mu.Lock()
	for id, e := range l.emergencies {
		if e.Tag == tag && e.Cancelled.IsZero() {
			e.Cancelled, e.Touched = at, at
			receipts = append(receipts, id)
		}
	}
	l.mu.Unlock()
	if len(receipts) == 0 {
		return nil
	}
	l.reportOutstanding()
	return l.persist("cancel", func(tx *bolt.Tx) error {
		for _, id := range receipts {
			if err := l.putEmergency(tx, id); err != nil {
				return err
			}
		}
		return nil
	})
}

// Len returns the number of deliveries and emergencies held.
func (l *Ledger) Len() (deliveries, emergencies int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.deliveries), len(l.emergencies)
}

func (l *Ledger) reportOutstanding() {
	l.reportMu.Lock()
	defer l.reportMu.Unlock()
	now := l.opts.Now()
	n := 0
	l.mu.RLock()
	for _, e := range l.emergencies {
		if e.Ringing(now) {
			n++
		}
	}
	l.mu.RUnlock()
	l.opts.Observer.EmergenciesOutstanding(n)
}
