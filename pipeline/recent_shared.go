package pipeline

import (
	"context"
	"encoding/json"
	"sync"
	"time"
)

// RecentStore keeps the recent deliveries where every replica sees them;
// the Redis ledger is one.
type RecentStore interface {
	// PushRecent adds entry, keeping the newest keep.
	PushRecent(ctx context.Context, entry []byte, keep int) error
	// RecentEntries returns up to n entries, newest first.
	RecentEntries(ctx context.Context, n int) ([][]byte, error)
}

// recentQueue bounds the deliveries waiting to be pushed to the store;
// beyond it (the store is slow or away) they are kept in the ring only.
const recentQueue = 256

// recentTimeout bounds one call to the store.
const recentTimeout = 2 * time.Second

// sharedRecent pushes deliveries to a store in the background, one
// goroutine at a time, started when there is something to push: a slow
// or absent store never delays a webhook's answer.
type sharedRecent struct {
	store RecentStore
	keep  int

	mu      sync.Mutex
	queue   [][]byte
	running bool
}

// Share makes r keep its deliveries in store too, and list them from
// there (from its own ring when the store cannot answer), so that every
// replica's status page shows every replica's deliveries. Call it before
// r is used.
func (r *Recent) Share(store RecentStore) {
	r.shared = &sharedRecent{store: store, keep: len(r.buf)}
}

func (s *sharedRecent) add(d RecentDelivery) {
	b, err := json.Marshal(d)
	if err != nil {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if len(s.queue) >= recentQueue {
		return
	}
	s.queue = append(s.queue, b)
	if !s.running {
		s.running = true
		go s.drain()
	}
}

func (s *sharedRecent) drain() {
	for {
		s.mu.Lock()
		if len(s.queue) == 0 {
			s.running = false
			s.mu.Unlock()
			return
		}
		b := s.queue[0]
		s.queue = s.queue[1:]
		s.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), recentTimeout)
		_ = s.store.PushRecent(ctx, b, s.keep) // the store reports its own failures
		cancel()
	}
}

// list reads the store; ok is false when it cannot answer.
func (s *sharedRecent) list() (out []RecentDelivery, ok bool) {
	ctx, cancel := context.WithTimeout(context.Background(), recentTimeout)
	defer cancel()
	entries, err := s.store.RecentEntries(ctx, s.keep)
	if err != nil {
		return nil, false
	}
	out = make([]RecentDelivery, 0, len(entries))
	for _, e := range entries {
		var d RecentDelivery
		if json.Unmarshal(e, &d) == nil {
			out = append(out, d)
		}
	}
	return out, true
}
