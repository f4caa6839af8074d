package pipeline

import (
	"context"
	"fmt"
	"sync"
)

// sending holds the keys of the deliveries being carried out in this
// process. A delivery may outlive its request's answer (see Process): the
// answer says 503, Alertmanager retries, and the retry must not send the
// page a second time while the first attempt is still on its way to
// Pushover. (Across replicas, the ledger's Claim does the same.)
type sending struct {
	onWait func(key string) // may be nil

	mu   sync.Mutex
	keys map[string]chan struct{} // closed when the delivery ends
}

// claim waits until no other delivery with key is in flight, then marks
// key in flight until release is called. It fails when ctx ends first.
func (s *sending) claim(ctx context.Context, key string) (release func(), err error) {
	for {
		s.mu.Lock()
		if s.keys == nil {
			s.keys = map[string]chan struct{}{}
		}
		busy, ok := s.keys[key]
		if !ok {
			done := make(chan struct{})
			s.keys[key] = done
			s.mu.Unlock()
			return func() {
				s.mu.Lock()
				delete(s.keys, key)
				s.mu.Unlock()
				close(done)
			}, nil
		}
		s.mu.Unlock()
		if s.onWait != nil {
			s.onWait(key)
		}
		select {
		case <-busy:
		case <-ctx.Done():
			return nil, fmt.Errorf("the same delivery is still in flight from an earlier request: %w", ctx.Err())
		}
	}
}
