package escalation

import (
	"context"
	"slices"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// virtualAfter is a clock's After that lets virtual time pass at once:
// waiting d moves the clock by d.
func (h *harness) virtualAfter(d time.Duration) <-chan time.Time {
	h.clk.Add(d)
	ch := make(chan time.Time, 1)
	ch <- h.clk.Now()
	return ch
}

// never is an After that never fires: only Notify and the context wake Run.
func never(time.Duration) <-chan time.Time { return nil }

// runEngine runs e in the background until the test ends.
func runEngine(t *testing.T, e *Engine, lease Lease) {
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx, lease) }()
	t.Cleanup(func() {
		cancel()
		require.NoError(t, <-done)
	})
}

func fired(h *harness, n int) func() bool {
	return func() bool {
		r, ok, err := h.store.Get(context.Background(), id)
		return err == nil && ok && len(r.Fired) == n
	}
}

func TestRunFiresOnTimeAfterARestart(t *testing.T) {
	var h *harness
	h = newHarness(t, func(o *Options) { o.After = func(d time.Duration) <-chan time.Time { return h.virtualAfter(d) } })
	h.start(id, levels)
	h.clk.Add(4 * time.Minute) // the first process stopped here, between the page and after
	runEngine(t, h.engine("after-restart"), NewMemLease(h.clk.Now))
	require.Eventually(t, fired(h, 3), 10*time.Second, time.Millisecond)
	r := h.rec(id)
	require.Equal(t, t0.Add(10*time.Minute), r.Fired[1].At, "on time to the second")
	require.Equal(t, t0.Add(25*time.Minute), r.Fired[2].At)
}

func TestNotifyWakesRun(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.After = never })
	lease := &countingLease{Lease: NewMemLease(time.Now)}
	runEngine(t, h.e, lease)
	require.Eventually(t, func() bool { return lease.calls.Load() == 1 }, 10*time.Second, time.Millisecond)
	rec := newRecord(id, levels)
	rec.PagedAt, rec.Fired[0].At = t0.Add(-11*time.Minute), t0.Add(-11*time.Minute) // level 2 overdue
	_, err := h.e.Start(context.Background(), rec)                                  // Start notifies
	require.NoError(t, err)
	require.Eventually(t, fired(h, 2), 10*time.Second, time.Millisecond)
}

// countingLease counts the calls of a lease.
type countingLease struct {
	Lease
	calls atomic.Int64
}

func (l *countingLease) Acquire(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	l.calls.Add(1)
	return l.Lease.Acquire(ctx, holder, ttl)
}

func (l *countingLease) Renew(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	l.calls.Add(1)
	return l.Lease.Renew(ctx, holder, ttl)
}

// simClock lets virtual time pass only when every one of parties waits,
// then to the earliest deadline: no engine sees time jump in mid-pass.
type simClock struct {
	h       *harness
	parties int
	mu      sync.Mutex
	waiting []simWaiter
}

type simWaiter struct {
	at time.Time
	ch chan time.Time
}

func (s *simClock) After(d time.Duration) <-chan time.Time {
	s.mu.Lock()
	defer s.mu.Unlock()
	ch := make(chan time.Time, 1)
	s.waiting = append(s.waiting, simWaiter{s.h.clk.Now().Add(d), ch})
	if len(s.waiting) < s.parties {
		return ch
	}
	slices.SortFunc(s.waiting, func(a, b simWaiter) int { return a.at.Compare(b.at) })
	if d := s.waiting[0].at.Sub(s.h.clk.Now()); d > 0 {
		s.h.clk.Add(d)
	}
	for len(s.waiting) > 0 && !s.waiting[0].at.After(s.h.clk.Now()) {
		s.waiting[0].ch <- s.h.clk.Now()
		s.waiting = s.waiting[1:]
	}
	return ch
}

func TestTwoEnginesOneLeaseFireEachLevelOnce(t *testing.T) {
	var sim *simClock
	h := newHarness(t, func(o *Options) { o.After = func(d time.Duration) <-chan time.Time { return sim.After(d) } })
	sim = &simClock{h: h, parties: 2}
	h.start(id, levels)
	h.start("esc-2", levels)
	lease := NewMemLease(h.clk.Now)
	runEngine(t, h.engine("replica-1"), lease)
	runEngine(t, h.engine("replica-2"), lease)
	require.Eventually(t, func() bool {
		return fired(h, 3)() && len(h.rec("esc-2").Fired) == 3
	}, 10*time.Second, time.Millisecond)
	counts := map[string]int{}
	for _, p := range h.pager.pages() {
		counts[p.Key]++
	}
	want := map[string]int{PageKey(id, 2): 1, PageKey(id, 3): 1, PageKey("esc-2", 2): 1, PageKey("esc-2", 3): 1}
	require.Equal(t, want, counts, "each level paged once, by one replica")
	require.Equal(t, want, h.pager.sentCounts())
}

func TestNoLeaseNoFiring(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.After = never })
	rec := newRecord(id, levels)
	rec.PagedAt = t0.Add(-time.Hour) // every level overdue
	require.NoError(t, h.store.Put(context.Background(), rec))
	other := NewMemLease(h.clk.Now)
	ok, err := other.Acquire(context.Background(), "other-replica", time.Hour)
	require.NoError(t, err)
	require.True(t, ok)
	lease := &countingLease{Lease: other}
	runEngine(t, h.e, lease)
	for i := int64(1); i <= 3; i++ {
		require.Eventually(t, func() bool { return lease.calls.Load() >= i }, 10*time.Second, time.Millisecond)
		h.e.Notify()
	}
	require.Empty(t, h.pager.pages(), "a replica without the lease fires nothing")
	require.Equal(t, "other-replica", other.Holder())
}

func TestRunReleasesTheLease(t *testing.T) {
	h := newHarness(t, func(o *Options) { o.After = never })
	lease := &countingLease{Lease: NewMemLease(h.clk.Now)}
	ctx, cancel := context.WithCancel(context.Background())
	var wg sync.WaitGroup
	wg.Add(1)
	go func() { defer wg.Done(); _ = h.e.Run(ctx, lease) }()
	require.Eventually(t, func() bool { return lease.calls.Load() == 1 }, 10*time.Second, time.Millisecond)
	require.Equal(t, "a", lease.Lease.(*MemLease).Holder())
	cancel()
	wg.Wait()
	require.Empty(t, lease.Lease.(*MemLease).Holder())
}

func TestMemLease(t *testing.T) {
	h := newHarness(t, nil)
	l := NewMemLease(h.clk.Now)
	ctx := context.Background()
	for _, step := range []struct {
		holder string
		after  time.Duration
		want   bool
	}{
		{"a", 0, true}, {"b", 0, false}, {"a", 20 * time.Second, true}, {"b", 29 * time.Second, false},
		{"b", time.Second, true}, {"a", 0, false},
	} {
		h.clk.Add(step.after)
		ok, err := l.Acquire(ctx, step.holder, 30*time.Second)
		require.NoError(t, err)
		require.Equal(t, step.want, ok, "%s at +%s", step.holder, step.after)
	}
	require.NoError(t, l.Release(ctx, "a"), "not the holder: no effect")
	require.Equal(t, "b", l.Holder())
	require.NoError(t, l.Release(ctx, "b"))
	ok, err := l.Renew(ctx, "a", time.Second)
	require.NoError(t, err)
	require.True(t, ok)
}

func TestLeaseFunc(t *testing.T) {
	var got []string
	f := LeaseFunc(func(_ context.Context, holder string, ttl time.Duration) (bool, error) {
		got = append(got, holder+"/"+ttl.String())
		return true, nil
	})
	ctx := context.Background()
	ok, err := f.Acquire(ctx, "r1", time.Minute)
	require.True(t, ok)
	require.NoError(t, err)
	_, _ = f.Renew(ctx, "r1", time.Minute)
	require.NoError(t, f.Release(ctx, "r1"))
	require.Equal(t, []string{"r1/1m0s", "r1/1m0s"}, got)
}
