package redisledger

import (
	"context"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

var t0 = time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)

// TestClaimRace: two replicas (two clients, two holders) claim the same
// delivery at the same moment, many times: exactly one wins each time.
func TestClaimRace(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	pfx := prefix(t)
	a := openOn(t, srv, pfx, Options{})
	b := openOn(t, srv, pfx, Options{})
	ctx := context.Background()
	const rounds = 500
	for i := range rounds {
		key := fmt.Sprintf("delivery-%d", i)
		var wg sync.WaitGroup
		var ca, cb ledger.Claim
		var ea, eb error
		start := make(chan struct{})
		wg.Go(func() {
			<-start
			ca, ea = a.Claim(ctx, key, ledger.ClaimRequest{Holder: "replica-a", TTL: time.Minute})
		})
		wg.Go(func() {
			<-start
			cb, eb = b.Claim(ctx, key, ledger.ClaimRequest{Holder: "replica-b", TTL: time.Minute})
		})
		close(start)
		wg.Wait()
		require.NoError(t, ea)
		require.NoError(t, eb)
		won := 0
		for _, c := range []ledger.Claim{ca, cb} {
			if c.State == ledger.Claimed {
				won++
			} else {
				require.Equal(t, ledger.Held, c.State)
			}
		}
		require.Equal(t, 1, won, "round %d: exactly one replica claims", i)
	}
}

// TestClaimsOfOneWebhookShareARoundTrip: claims made concurrently are
// batched into fewer script runs than claims.
func TestClaimsOfOneWebhookShareARoundTrip(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	l := openOn(t, srv, prefix(t), Options{})
	runs := 0
	run := l.claims.run
	var mu sync.Mutex
	l.claims.run = func(ctx context.Context, batch []*pending) ([]ledger.Claim, error) {
		mu.Lock()
		runs++
		mu.Unlock()
		return run(ctx, batch)
	}
	const n = 64
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i := range n {
		wg.Go(func() {
			<-start
			c, err := l.Claim(context.Background(), fmt.Sprintf("k%d", i), ledger.ClaimRequest{Holder: "h", TTL: time.Minute})
			require.NoError(t, err)
			require.Equal(t, ledger.Claimed, c.State)
		})
	}
	close(start)
	wg.Wait()
	mu.Lock()
	defer mu.Unlock()
	require.Less(t, runs, n, "%d claims took %d round trips", n, runs)
	t.Logf("%d concurrent claims took %d round trips", n, runs)
}

// TestClaimExpiresAfterCrash: a replica that dies between claiming and
// recording holds the delivery until the claim's TTL passes on the
// server's clock, and not longer.
func TestClaimExpiresAfterCrash(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	pfx := prefix(t)
	ctx := context.Background()
	crashed := openOn(t, srv, pfx, Options{})
	const ttl = 300 * time.Millisecond
	claimed := time.Now() // the claim lasts ttl from a moment after this one
	c, err := crashed.Claim(ctx, "k", ledger.ClaimRequest{Holder: "dead", TTL: ttl})
	require.NoError(t, err)
	require.Equal(t, ledger.Claimed, c.State)
	require.NoError(t, crashed.Close()) // it neither accepts nor releases

	other := openOn(t, srv, pfx, Options{})
	c, err = other.Claim(ctx, "k", ledger.ClaimRequest{Holder: "alive", TTL: time.Minute})
	require.NoError(t, err)
	require.Equal(t, ledger.Held, c.State, "the claim holds the delivery until it expires")
	require.Eventually(t, func() bool {
		c, err := other.Claim(ctx, "k", ledger.ClaimRequest{Holder: "alive", TTL: time.Minute})
		return err == nil && c.State == ledger.Claimed
	}, 10*time.Second, 10*time.Millisecond)
	require.GreaterOrEqual(t, time.Since(claimed), ttl, "not before the TTL")
}
