package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

// TestClaimProtocol walks a delivery key through every state of Claim.
func TestClaimProtocol(t *testing.T) {
	ctx := context.Background()
	c := internalclock.NewManual(t0)
	dir := t.TempDir()
	l := openAt(t, dir, c, &observer{})
	req := func(holder string) ClaimRequest { return ClaimRequest{Holder: holder, TTL: time.Minute} }

	got, err := l.Claim(ctx, "k", req("a"))
	require.NoError(t, err)
	require.Equal(t, Claimed, got.State)
	got, _ = l.Claim(ctx, "k", req("b"))
	require.Equal(t, Held, got.State, "another holder waits")
	got, _ = l.Claim(ctx, "k", req("a"))
	require.Equal(t, Claimed, got.State, "the holder may claim again")

	require.NoError(t, l.Release(ctx, "k", "a"))
	got, _ = l.Claim(ctx, "k", req("b"))
	require.Equal(t, Claimed, got.State, "released: free for the next")

	c.Add(2 * time.Minute)
	got, _ = l.Claim(ctx, "k", req("c"))
	require.Equal(t, Claimed, got.State, "b's claim expired (a crashed holder)")
	require.NoError(t, l.Accept(ctx, "k", "c", c.Now()))
	got, _ = l.Claim(ctx, "k", req("d"))
	require.Equal(t, Claim{State: Accepted, At: c.Now()}, got)
	r := req("d")
	r.AcceptedSince = c.Now().Add(time.Second)
	got, _ = l.Claim(ctx, "k", r)
	require.Equal(t, Claimed, got.State, "an acceptance before AcceptedSince does not count")

	require.NoError(t, l.Refuse(ctx, "bad", "d", c.Now()))
	got, _ = l.Claim(ctx, "bad", req("e"))
	require.Equal(t, Refused, got.State)
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, &observer{})
	got, _ = l.Claim(ctx, "k", req("f"))
	require.Equal(t, Accepted, got.State, "acceptances survive a restart")
	got, _ = l.Claim(ctx, "bad", req("f"))
	require.Equal(t, Refused, got.State, "refusals survive a restart")
}

func TestLease(t *testing.T) {
	ctx := context.Background()
	c := internalclock.NewManual(t0)
	l := NewMemory(Options{Now: c.Now})
	ok, err := l.Lease(ctx, "poller", "a", time.Minute)
	require.NoError(t, err)
	require.True(t, ok)
	ok, _ = l.Lease(ctx, "poller", "b", time.Minute)
	require.False(t, ok, "held by a")
	ok, _ = l.Lease(ctx, "poller", "a", time.Minute)
	require.True(t, ok, "a renews")
	c.Add(2 * time.Minute)
	ok, _ = l.Lease(ctx, "poller", "b", time.Minute)
	require.True(t, ok, "a's lease expired")
}
