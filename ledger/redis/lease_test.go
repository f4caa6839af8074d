package redisledger

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
)

func TestLease(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	l := openOn(t, srv, prefix(t), Options{})
	ctx := context.Background()
	ok, err := l.Lease(ctx, "poller", "a", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "free: a takes it")
	ok, err = l.Lease(ctx, "poller", "b", time.Minute)
	require.NoError(t, err)
	require.False(t, ok, "a holds it")
	ok, err = l.Lease(ctx, "poller", "a", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "a renews it")
	ok, err = l.Lease(ctx, "other-job", "b", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "another lease")
	require.NoError(t, l.ReleaseLease(ctx, "poller", "b"), "b cannot release a's lease")
	ok, err = l.Lease(ctx, "poller", "b", time.Minute)
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, l.ReleaseLease(ctx, "poller", "a"))
	ok, err = l.Lease(ctx, "poller", "b", time.Minute)
	require.NoError(t, err)
	require.True(t, ok, "released: b takes it")
}

// runs records which replica runs the leased job.
type runs struct {
	mu      sync.Mutex
	running map[string]bool
	started map[string]time.Time
	overlap bool
}

func (r *runs) job(name string) func(context.Context) {
	return func(ctx context.Context) {
		r.mu.Lock()
		for other, on := range r.running {
			if on && other != name {
				r.overlap = true
			}
		}
		r.running[name], r.started[name] = true, time.Now()
		r.mu.Unlock()
		<-ctx.Done()
		r.mu.Lock()
		r.running[name] = false
		r.mu.Unlock()
	}
}

func (r *runs) isRunning(name string) bool { r.mu.Lock(); defer r.mu.Unlock(); return r.running[name] }

// TestLeaseTakeover: of two replicas running the poller under a lease, one
// runs it; when that one dies without releasing, the other takes over
// within two lease periods; when it stops cleanly, at once.
func TestLeaseTakeover(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	pfx := prefix(t)
	const ttl = time.Second
	r := &runs{running: map[string]bool{}, started: map[string]time.Time{}}
	a, b := openOn(t, srv, pfx, Options{}), openOn(t, srv, pfx, Options{})

	ctxA, crashA := context.WithCancel(context.Background())
	doneA := make(chan struct{})
	go func() { defer close(doneA); RunLeased(ctxA, crashing{a}, "poller", "a", ttl, r.job("a")) }()
	require.Eventually(t, func() bool { return r.isRunning("a") }, 5*time.Second, 5*time.Millisecond)
	ctxB, stopB := context.WithCancel(context.Background())
	doneB := make(chan struct{})
	go func() { defer close(doneB); RunLeased(ctxB, b, "poller", "b", ttl, r.job("b")) }()
	defer func() { stopB(); <-doneB }()

	// a dies: its job stops, its lease is neither renewed nor released.
	require.NoError(t, a.Close())
	crashAt := time.Now()
	crashA()
	<-doneA
	require.Eventually(t, func() bool { return r.isRunning("b") }, 5*time.Second, 5*time.Millisecond)
	r.mu.Lock()
	took := r.started["b"].Sub(crashAt)
	t.Logf("b took over %s after a died (lease %s)", took, ttl)
	require.Less(t, took, 2*ttl, "within two lease periods")
	require.False(t, r.overlap, "never both at once")
	r.mu.Unlock()
}

// crashing is a ledger whose process died: it can neither renew nor
// release a lease.
type crashing struct{ l *Ledger }

func (c crashing) Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error) {
	return c.l.Lease(ctx, name, holder, ttl)
}

// TestLeaseReleasedOnStop: a replica that stops cleanly releases the
// lease, and the other takes it at its next try.
func TestLeaseReleasedOnStop(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	pfx := prefix(t)
	l := openOn(t, srv, pfx, Options{})
	ctx, stop := context.WithCancel(context.Background())
	done := make(chan struct{})
	started := make(chan struct{}, 1)
	go func() {
		defer close(done)
		RunLeased(ctx, l, "poller", "a", time.Hour, func(ctx context.Context) { started <- struct{}{}; <-ctx.Done() })
	}()
	<-started
	stop()
	<-done
	ok, err := l.Lease(context.Background(), "poller", "b", time.Hour)
	require.NoError(t, err)
	require.True(t, ok, "released on stop, though its TTL is an hour")
}
