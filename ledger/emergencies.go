package ledger

import (
	"context"
	"sort"
	"time"

	bolt "go.etcd.io/bbolt"
)

// AddEmergency implements Ledger.
func (l *Local) AddEmergency(_ context.Context, e Emergency) error {
	if e.Touched.IsZero() {
		e.Touched = e.SentAt
	}
	l.mu.Lock()
	if old, ok := l.emergencies[e.Receipt]; ok {
		l.ix.remove(old)
	}
	l.emergencies[e.Receipt] = &e
	l.ix.add(&e)
	l.mu.Unlock()
	l.reportOutstanding()
	return l.persist("add_emergency", func(tx *bolt.Tx) error { return l.putEmergency(tx, e.Receipt) })
}

// Emergency implements Ledger.
func (l *Local) Emergency(_ context.Context, receipt string) (Emergency, bool, error) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	e, ok := l.emergencies[receipt]
	if !ok {
		return Emergency{}, false, nil
	}
	return e.clone(), true, nil
}

// Emergencies implements Ledger.
func (l *Local) Emergencies(_ context.Context, f Filter) ([]Emergency, error) {
	l.mu.RLock()
	var out []Emergency
	if candidates, all := l.ix.candidates(&f); !all {
		for _, r := range candidates {
			if e := l.emergencies[r]; f.Match(e) {
				out = append(out, e.clone())
			}
		}
	} else {
		for _, e := range l.emergencies {
			if f.Match(e) {
				out = append(out, e.clone())
			}
		}
	}
	l.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool {
		if !out[i].SentAt.Equal(out[j].SentAt) {
			return out[i].SentAt.Before(out[j].SentAt)
		}
		return out[i].Receipt < out[j].Receipt
	})
	return out, nil
}

// Acknowledge implements Ledger.
func (l *Local) Acknowledge(_ context.Context, receipt string, ack Ack) (e Emergency, first bool, err error) {
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
	l.ix.update(rec)
	e = rec.clone()
	l.mu.Unlock()
	l.reportOutstanding()
	return e, true, l.persist("acknowledge", func(tx *bolt.Tx) error { return l.putEmergency(tx, receipt) })
}

// Expire implements Ledger.
func (l *Local) Expire(_ context.Context, receipt string) error {
	return l.change("expire", receipt, func(e *Emergency) bool {
		e.Expired, e.Touched = true, l.opts.Now()
		return true
	})
}

// Cancel implements Ledger.
func (l *Local) Cancel(_ context.Context, receipt string, at time.Time) error {
	return l.change("cancel", receipt, func(e *Emergency) bool {
		if !e.Cancelled.IsZero() {
			return false
		}
		e.Cancelled, e.Touched = at, at
		return true
	})
}

// change applies fn to the emergency of receipt and stores it when fn
// reports a change. An unknown receipt changes nothing.
func (l *Local) change(op, receipt string, fn func(*Emergency) bool) error {
	l.mu.Lock()
	rec, ok := l.emergencies[receipt]
	changed := ok && fn(rec)
	if changed {
		l.ix.update(rec)
	}
	l.mu.Unlock()
	if !changed {
		return nil
	}
	l.reportOutstanding()
	return l.persist(op, func(tx *bolt.Tx) error { return l.putEmergency(tx, receipt) })
}

func (l *Local) reportOutstanding() {
	l.reportMu.Lock()
	defer l.reportMu.Unlock()
	now := l.opts.Now()
	l.mu.Lock()
	n := l.ix.ringing(now, l.emergencies)
	l.mu.Unlock()
	l.opts.Observer.EmergenciesOutstanding(n)
}
