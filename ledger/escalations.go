package ledger

import (
	"context"
	"encoding/json"
	"fmt"
	"time"

	bolt "go.etcd.io/bbolt"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
)

// EscalationKeeper is a ledger that also keeps escalation records (the
// escalation engine's Store), beside its deliveries and emergencies: the
// local ledger does, in the same file, and a shared ledger must, so that
// an escalation survives a restart and moves to another replica with the
// lease.
type EscalationKeeper interface {
	Escalations() escalation.Store
}

var _ EscalationKeeper = (*Local)(nil)

// escEntry is one escalation record as the local ledger holds it: its
// JSON, and what Due, Pending and Prune need without decoding it.
type escEntry struct {
	raw      []byte
	pending  bool      // Active, or receipts left to cancel
	finished time.Time // when it stopped needing the engine (not pending)
}

func newEscEntry(rec *escalation.Record) (escEntry, error) {
	raw, err := json.Marshal(rec)
	if err != nil {
		return escEntry{}, fmt.Errorf("escalation %s: encode: %w", rec.ID, err)
	}
	fin, done := rec.FinishedAt()
	return escEntry{raw: raw, pending: !done, finished: fin}, nil
}

func decodeEscalation(raw []byte) (escalation.Record, error) {
	var rec escalation.Record
	if err := json.Unmarshal(raw, &rec); err != nil {
		return escalation.Record{}, fmt.Errorf("escalation: decode record: %w", err)
	}
	return rec, nil
}

// localEscalations is the escalation.Store of a Local ledger. Records are
// kept as JSON in memory and in the bucket "escalations"; the ids of the
// pending ones are indexed, so Due and Pending read only those, never the
// finished records kept until the janitor prunes them (retention after
// they finished). Like every write of the local ledger, a change that
// cannot reach the disk is kept in memory and reported through Health
// and the Observer, not returned: the escalation goes on.
type localEscalations struct{ l *Local }

// Escalations returns the ledger's escalation store.
func (l *Local) Escalations() escalation.Store { return localEscalations{l} }

// Put implements escalation.Store.
func (s localEscalations) Put(_ context.Context, rec escalation.Record) error {
	e, err := newEscEntry(&rec)
	if err != nil {
		return err
	}
	s.l.mu.Lock()
	s.l.setEscalation(rec.ID, e)
	s.l.mu.Unlock()
	s.persist("put_escalation", rec.ID)
	return nil
}

// Get implements escalation.Store.
func (s localEscalations) Get(_ context.Context, id string) (escalation.Record, bool, error) {
	s.l.mu.RLock()
	e, ok := s.l.escalations[id]
	s.l.mu.RUnlock()
	if !ok {
		return escalation.Record{}, false, nil
	}
	rec, err := decodeEscalation(e.raw)
	return rec, err == nil, err
}

// Update implements escalation.Store: fn runs with the ledger locked, so
// updates of one record are serialized.
func (s localEscalations) Update(_ context.Context, id string, fn func(*escalation.Record, bool) error) (escalation.Record, error) {
	s.l.mu.Lock()
	var rec escalation.Record
	cur, found := s.l.escalations[id]
	if found {
		var err error
		if rec, err = decodeEscalation(cur.raw); err != nil {
			s.l.mu.Unlock()
			return escalation.Record{}, err
		}
	}
	err := fn(&rec, found)
	var e escEntry
	if err == nil {
		e, err = newEscEntry(&rec)
	}
	if err != nil {
		s.l.mu.Unlock()
		return escalation.Record{}, err
	}
	s.l.setEscalation(id, e)
	s.l.mu.Unlock()
	s.persist("update_escalation", id)
	return rec, nil
}

// Due implements escalation.Store.
func (s localEscalations) Due(ctx context.Context, now time.Time) ([]escalation.Record, error) {
	pending, err := s.Pending(ctx)
	out := pending[:0]
	for _, rec := range pending {
		if rec.Due(now) || len(rec.Uncancelled) > 0 {
			out = append(out, rec)
		}
	}
	return out, err
}

// Pending implements escalation.Store.
func (s localEscalations) Pending(context.Context) ([]escalation.Record, error) {
	s.l.mu.RLock()
	raws := make([][]byte, 0, len(s.l.escPending))
	for id := range s.l.escPending {
		raws = append(raws, s.l.escalations[id].raw)
	}
	s.l.mu.RUnlock()
	out := make([]escalation.Record, 0, len(raws))
	for _, raw := range raws {
		rec, err := decodeEscalation(raw)
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	escalation.SortByDue(out)
	return out, nil
}

// Delete implements escalation.Store.
func (s localEscalations) Delete(_ context.Context, id string) error {
	s.l.mu.Lock()
	_, ok := s.l.escalations[id]
	delete(s.l.escalations, id)
	delete(s.l.escPending, id)
	s.l.mu.Unlock()
	if ok {
		s.persist("delete_escalation", id)
	}
	return nil
}

// persist writes the record id as held in memory; a failure is reported
// through Health and the Observer (see localEscalations).
func (s localEscalations) persist(op, id string) {
	_ = s.l.persist(op, func(tx *bolt.Tx) error { return s.l.putEscalation(tx, id) })
}

// setEscalation stores e under id and indexes it; l.mu is held.
func (l *Local) setEscalation(id string, e escEntry) {
	l.escalations[id] = e
	if e.pending {
		l.escPending[id] = struct{}{}
	} else {
		delete(l.escPending, id)
	}
}

// putEscalation writes the record id as held in memory (deleting it when
// gone meanwhile).
func (l *Local) putEscalation(tx *bolt.Tx, id string) error {
	l.mu.RLock()
	e, ok := l.escalations[id]
	l.mu.RUnlock()
	b := tx.Bucket(bucketEscalations)
	if !ok {
		return b.Delete([]byte(id))
	}
	return b.Put([]byte(id), e.raw)
}

// loadEscalations reads the escalation records, dropping those that do
// not decode and those finished more than the retention ago.
func (l *Local) loadEscalations(tx *bolt.Tx, now time.Time) error {
	b := tx.Bucket(bucketEscalations)
	var stale [][]byte
	err := b.ForEach(func(k, v []byte) error {
		rec, err := decodeEscalation(v)
		if err != nil || rec.ID != string(k) {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		e, err := newEscEntry(&rec)
		if err != nil || (!e.pending && now.Sub(e.finished) > l.opts.Retention) {
			stale = append(stale, append([]byte(nil), k...))
			return nil
		}
		l.setEscalation(rec.ID, e)
		return nil
	})
	if err != nil {
		return err
	}
	return deleteKeys(b, stale)
}

// pruneEscalations drops, from memory, the records finished more than the
// retention before now, and returns their ids; l.mu is held.
func (l *Local) pruneEscalations(now time.Time) []string {
	var ids []string
	for id, e := range l.escalations {
		if !e.pending && now.Sub(e.finished) > l.opts.Retention {
			delete(l.escalations, id)
			ids = append(ids, id)
		}
	}
	return ids
}

// EscalationsLen returns how many escalation records the ledger holds,
// and how many of them are pending.
func (l *Local) EscalationsLen() (all, pending int) {
	l.mu.RLock()
	defer l.mu.RUnlock()
	return len(l.escalations), len(l.escPending)
}
