package escalation

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"sync"
	"time"
)

// Errors of the package; test them with errors.Is.
var (
	// ErrNotFound: the store holds no record with that ID.
	ErrNotFound = errors.New("escalation not found")
	// ErrInvalidRecord: Start was given a record it cannot escalate.
	ErrInvalidRecord = errors.New("invalid escalation record")
)

// Store keeps escalation records; the ledger implements it (bbolt for
// one replica, Redis for several), storing each record as its JSON.
// Every method may fail; implementations are safe for concurrent use.
type Store interface {
	// Put stores rec under rec.ID, replacing any record there.
	Put(ctx context.Context, rec Record) error
	// Get returns the record id; ok is false when there is none.
	Get(ctx context.Context, id string) (rec Record, ok bool, err error)
	// Update reads the record id (found false and a zero Record when there
	// is none), applies fn and stores the result under id, atomically with
	// respect to every other Put and Update of id (a transaction, or a
	// compare-and-swap retried). An error from fn stores nothing and is
	// returned.
	Update(ctx context.Context, id string, fn func(rec *Record, found bool) error) (Record, error)
	// Due returns the records with a level due at now (Record.Due), or
	// with receipts left to cancel, in SortByDue order.
	Due(ctx context.Context, now time.Time) ([]Record, error)
	// Pending returns the records still escalating (Record.Active) or
	// with receipts left to cancel, in SortByDue order: the engine's next
	// wake-up and the pending gauge. The package escalationtest checks an
	// implementation.
	Pending(ctx context.Context) ([]Record, error)
	// Delete forgets the record id; deleting an unknown id is no error.
	Delete(ctx context.Context, id string) error
}

// MemStore is a Store in memory, for tests and a ledger-less bridge. It
// keeps each record as JSON, as the ledger does, so that what it returns
// is what a restart would read back.
type MemStore struct {
	mu   sync.Mutex
	recs map[string][]byte
}

// NewMemStore returns an empty MemStore.
func NewMemStore() *MemStore { return &MemStore{recs: map[string][]byte{}} }

// Put implements Store.
func (s *MemStore) Put(_ context.Context, rec Record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("escalation %s: encode: %w", rec.ID, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	s.recs[rec.ID] = b
	return nil
}

// Get implements Store.
func (s *MemStore) Get(_ context.Context, id string) (Record, bool, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	b, ok := s.recs[id]
	if !ok {
		return Record{}, false, nil
	}
	rec, err := decodeRecord(b)
	return rec, err == nil, err
}

// Update implements Store.
func (s *MemStore) Update(_ context.Context, id string, fn func(*Record, bool) error) (Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var rec Record
	b, found := s.recs[id]
	if found {
		var err error
		if rec, err = decodeRecord(b); err != nil {
			return Record{}, err
		}
	}
	if err := fn(&rec, found); err != nil {
		return Record{}, err
	}
	b, err := json.Marshal(rec)
	if err != nil {
		return Record{}, fmt.Errorf("escalation %s: encode: %w", id, err)
	}
	s.recs[id] = b
	return rec, nil
}

// Due implements Store.
func (s *MemStore) Due(ctx context.Context, now time.Time) ([]Record, error) {
	all, err := s.Pending(ctx)
	return slices.DeleteFunc(all, func(r Record) bool { return !r.Due(now) && len(r.Uncancelled) == 0 }), err
}

// Pending implements Store.
func (s *MemStore) Pending(_ context.Context) ([]Record, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []Record
	for _, b := range s.recs {
		rec, err := decodeRecord(b)
		if err != nil {
			return nil, err
		}
		if rec.Active() || len(rec.Uncancelled) > 0 {
			out = append(out, rec)
		}
	}
	SortByDue(out)
	return out, nil
}

// Delete implements Store.
func (s *MemStore) Delete(_ context.Context, id string) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	delete(s.recs, id)
	return nil
}

// Len returns the number of records held, finished or not.
func (s *MemStore) Len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return len(s.recs)
}

func decodeRecord(b []byte) (Record, error) {
	var rec Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return Record{}, fmt.Errorf("escalation: decode record: %w", err)
	}
	return rec, nil
}

// SortByDue orders records soonest due first (those without a level left
// first: their cancels are due now), then by ID.
func SortByDue(recs []Record) {
	slices.SortFunc(recs, func(a, b Record) int {
		ta, _ := a.NextDue()
		tb, _ := b.NextDue()
		if c := ta.Compare(tb); c != 0 {
			return c
		}
		return strings.Compare(a.ID, b.ID)
	})
}
