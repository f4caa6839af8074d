package pipeline

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestRecentKeepsTheLatestNewestFirst(t *testing.T) {
	var none *Recent
	none.Add(RecentDelivery{Route: "x"})
	require.Empty(t, none.List())

	r := NewRecent(3)
	require.Empty(t, r.List())
	for _, name := range []string{"a", "b"} {
		r.Add(RecentDelivery{Route: name})
	}
	require.Equal(t, []string{"b", "a"}, routes(r.List()))
	for _, name := range []string{"c", "d", "e"} {
		r.Add(RecentDelivery{Route: name})
	}
	require.Equal(t, []string{"e", "d", "c"}, routes(r.List()))
}

func routes(ds []RecentDelivery) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Route)
	}
	return out
}

// memoryStore is a RecentStore in memory that can fail.
type memoryStore struct {
	mu      sync.Mutex
	entries [][]byte
	down    bool
}

func (m *memoryStore) PushRecent(_ context.Context, entry []byte, keep int) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return errors.New("store away")
	}
	m.entries = append([][]byte{entry}, m.entries...)
	m.entries = m.entries[:min(len(m.entries), keep)]
	return nil
}

func (m *memoryStore) RecentEntries(_ context.Context, n int) ([][]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	if m.down {
		return nil, errors.New("store away")
	}
	return m.entries[:min(len(m.entries), n)], nil
}

func (m *memoryStore) len() int { m.mu.Lock(); defer m.mu.Unlock(); return len(m.entries) }

func TestSharedRecentListsEveryReplica(t *testing.T) {
	store := &memoryStore{}
	a, b := NewRecent(3), NewRecent(3)
	a.Share(store)
	b.Share(store)
	a.Add(RecentDelivery{Route: "from-a"})
	require.Eventually(t, func() bool { return store.len() == 1 }, 5*time.Second, time.Millisecond)
	b.Add(RecentDelivery{Route: "from-b", Outcome: OutcomeSent})
	require.Eventually(t, func() bool { return store.len() == 2 }, 5*time.Second, time.Millisecond)
	require.Equal(t, []string{"from-b", "from-a"}, routes(a.List()), "a lists b's delivery too")
	require.Equal(t, OutcomeSent, a.List()[0].Outcome)

	store.mu.Lock()
	store.down = true
	store.mu.Unlock()
	require.Equal(t, []string{"from-a"}, routes(a.List()), "the store away: this replica's own")
}
