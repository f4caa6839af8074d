// Package ledgertest is the conformance suite of the ledger.Ledger
// interface: every implementation (ledger.Local in memory and on disk, a
// shared store for several replicas) runs Run and so keeps the same
// contract: the claim protocol of deliveries, emergencies and their
// filters, and leases. It uses real time with short TTLs, so that stores
// whose expiry is their own (such as Redis) run it unchanged. It is
// imported by tests only.
package ledgertest

import (
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// ttl is the lifetime of the claims and leases the suite lets expire.
const ttl = 300 * time.Millisecond

// Open returns a new, empty ledger for one test; the suite closes it.
type Open func(t *testing.T) ledger.Ledger

// Run runs the conformance suite against the ledgers open returns.
func Run(t *testing.T, open Open) {
	for name, test := range map[string]func(*testing.T, ledger.Ledger){
		"ClaimProtocol":       testClaimProtocol,
		"ClaimExpires":        testClaimExpires,
		"AcceptedSince":       testAcceptedSince,
		"Emergencies":         testEmergencies,
		"AcknowledgeOnce":     testAcknowledgeOnce,
		"CancelAndExpire":     testCancelAndExpire,
		"Lease":               testLease,
		"ConcurrentClaimsOne": testConcurrentClaims,
	} {
		t.Run(name, func(t *testing.T) {
			l := open(t)
			t.Cleanup(func() { _ = l.Close() })
			test(t, l)
		})
	}
}

func claim(t *testing.T, l ledger.Ledger, key, holder string) ledger.ClaimState {
	t.Helper()
	c, err := l.Claim(context.Background(), key, ledger.ClaimRequest{Holder: holder, TTL: time.Minute})
	require.NoError(t, err)
	return c.State
}

func testClaimProtocol(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	require.Equal(t, ledger.Claimed, claim(t, l, "k", "a"))
	require.Equal(t, ledger.Held, claim(t, l, "k", "b"), "another holder waits")
	require.Equal(t, ledger.Claimed, claim(t, l, "k", "a"), "the holder may claim again")
	require.NoError(t, l.Release(ctx, "k", "a"))
	require.Equal(t, ledger.Claimed, claim(t, l, "k", "b"), "released: free for the next")
	at := time.Now().Truncate(time.Millisecond)
	require.NoError(t, l.Accept(ctx, "k", "b", at))
	c, err := l.Claim(ctx, "k", ledger.ClaimRequest{Holder: "c", TTL: time.Minute})
	require.NoError(t, err)
	require.Equal(t, ledger.Accepted, c.State)
	require.True(t, c.At.Equal(at), "At is when it was accepted: %s, want %s", c.At, at)

	require.Equal(t, ledger.Claimed, claim(t, l, "bad", "a"))
	require.NoError(t, l.Refuse(ctx, "bad", "a", time.Now()))
	require.Equal(t, ledger.Refused, claim(t, l, "bad", "b"))
	require.NoError(t, l.Release(ctx, "never-claimed", "x"), "releasing nothing is no error")
}

func testClaimExpires(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	c, err := l.Claim(ctx, "k", ledger.ClaimRequest{Holder: "crashed", TTL: ttl})
	require.NoError(t, err)
	require.Equal(t, ledger.Claimed, c.State)
	require.Equal(t, ledger.Held, claim(t, l, "k", "b"))
	require.Eventually(t, func() bool { return claim(t, l, "k", "b") == ledger.Claimed }, 10*time.Second, 20*time.Millisecond,
		"a claim neither accepted nor released expires after its TTL")
}

func testAcceptedSince(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	at := time.Now().Add(-10 * time.Minute)
	require.NoError(t, l.Accept(ctx, "k", "a", at))
	c, err := l.Claim(ctx, "k", ledger.ClaimRequest{Holder: "b", TTL: time.Minute, AcceptedSince: at.Add(time.Minute)})
	require.NoError(t, err)
	require.Equal(t, ledger.Claimed, c.State, "an acceptance before AcceptedSince does not count (a reminder)")
	require.NoError(t, l.Refuse(ctx, "r", "a", at))
	c, err = l.Claim(ctx, "r", ledger.ClaimRequest{Holder: "b", TTL: time.Minute, RefusedSince: at.Add(time.Minute)})
	require.NoError(t, err)
	require.Equal(t, ledger.Claimed, c.State, "a refusal before RefusedSince does not count")
}

func emergency(receipt, group, source string, fps ...string) ledger.Emergency {
	now := time.Now().Truncate(time.Millisecond)
	e := ledger.Emergency{Receipt: receipt, Tag: "amp-" + group, Receiver: "bridge", GroupKey: group,
		ExternalURL: source, Route: "page", Recipient: "oncall", SentAt: now, ExpiresAt: now.Add(time.Hour)}
	for _, fp := range fps {
		e.Alerts = append(e.Alerts, ledger.AlertRef{Fingerprint: fp, StartsAt: now.Add(-time.Minute)})
	}
	return e
}

func receipts(es []ledger.Emergency) []string {
	out := make([]string, 0, len(es))
	for _, e := range es {
		out = append(out, e.Receipt)
	}
	return out
}

func testEmergencies(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	for i, e := range []ledger.Emergency{
		emergency("r1", "g1", "am-a", "a", "b"),
		emergency("r2", "g1", "am-b", "a"),
		emergency("r3", "g2", "am-a", "c"),
	} {
		e.SentAt = e.SentAt.Add(time.Duration(i) * time.Second)
		require.NoError(t, l.AddEmergency(ctx, e))
	}
	got, ok, err := l.Emergency(ctx, "r1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "am-a", got.ExternalURL)
	require.Len(t, got.Alerts, 2)
	_, ok, err = l.Emergency(ctx, "nope")
	require.NoError(t, err)
	require.False(t, ok)

	for _, tc := range []struct {
		f    ledger.Filter
		want []string
	}{
		{ledger.Filter{}, []string{"r1", "r2", "r3"}},
		{ledger.Filter{GroupKey: "g1"}, []string{"r1", "r2"}},
		{ledger.Filter{GroupKey: "g1", Source: "am-a"}, []string{"r1"}},
		{ledger.Filter{Tag: "amp-g2"}, []string{"r3"}},
		{ledger.Filter{Receiver: "other"}, nil},
		{ledger.Filter{Fingerprints: []string{"a"}}, []string{"r1", "r2"}},
		{ledger.Filter{Fingerprints: []string{"b", "c"}}, []string{"r1", "r3"}},
		{ledger.Filter{RingingAt: time.Now()}, []string{"r1", "r2", "r3"}},
		{ledger.Filter{RingingAt: time.Now().Add(2 * time.Hour)}, nil},
		{ledger.Filter{SentAfter: time.Now().Add(time.Minute)}, nil},
	} {
		es, err := l.Emergencies(ctx, tc.f)
		require.NoError(t, err)
		require.Equal(t, fmt.Sprint(tc.want), fmt.Sprint(receipts(es)), "%+v (oldest first)", tc.f)
	}
}

func testAcknowledgeOnce(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	require.NoError(t, l.AddEmergency(ctx, emergency("r1", "g1", "am", "a")))
	e, first, err := l.Acknowledge(ctx, "r1", ledger.Ack{At: time.Now(), By: "oncall", Device: "phone"})
	require.NoError(t, err)
	require.True(t, first)
	require.Equal(t, "oncall", e.Ack.By)
	_, first, err = l.Acknowledge(ctx, "r1", ledger.Ack{At: time.Now(), By: "someone else"})
	require.NoError(t, err)
	require.False(t, first, "only the first acknowledgement counts")
	_, first, err = l.Acknowledge(ctx, "unknown", ledger.Ack{At: time.Now(), By: "x"})
	require.NoError(t, err)
	require.False(t, first)
	es, err := l.Emergencies(ctx, ledger.Filter{RingingAt: time.Now()})
	require.NoError(t, err)
	require.Empty(t, es, "an acknowledged emergency no longer rings")
}

func testCancelAndExpire(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	require.NoError(t, l.AddEmergency(ctx, emergency("r1", "g1", "am", "a")))
	require.NoError(t, l.AddEmergency(ctx, emergency("r2", "g1", "am", "b")))
	require.NoError(t, l.Cancel(ctx, "r1", time.Now()))
	require.NoError(t, l.Expire(ctx, "r2"))
	require.NoError(t, l.Cancel(ctx, "unknown", time.Now()), "an unknown receipt is no error")
	es, err := l.Emergencies(ctx, ledger.Filter{RingingAt: time.Now()})
	require.NoError(t, err)
	require.Empty(t, es)
	e, _, err := l.Emergency(ctx, "r1")
	require.NoError(t, err)
	require.False(t, e.Cancelled.IsZero())
	e, _, err = l.Emergency(ctx, "r2")
	require.NoError(t, err)
	require.True(t, e.Expired)
}

func testLease(t *testing.T, l ledger.Ledger) {
	ctx := context.Background()
	ok, err := l.Lease(ctx, "poller", "a", ttl)
	require.NoError(t, err)
	require.True(t, ok)
	ok, err = l.Lease(ctx, "poller", "b", ttl)
	require.NoError(t, err)
	require.False(t, ok, "held by a")
	ok, err = l.Lease(ctx, "other", "b", ttl)
	require.NoError(t, err)
	require.True(t, ok, "leases are by name")
	require.Eventually(t, func() bool {
		ok, err := l.Lease(ctx, "poller", "b", ttl)
		return err == nil && ok
	}, 10*time.Second, 20*time.Millisecond, "a's lease expires")
}

func testConcurrentClaims(t *testing.T, l ledger.Ledger) {
	const n = 16
	states := make(chan ledger.ClaimState, n)
	for i := range n {
		go func() {
			c, err := l.Claim(context.Background(), "k", ledger.ClaimRequest{Holder: fmt.Sprint("h", i), TTL: time.Minute})
			if err != nil {
				c.State = -1
			}
			states <- c.State
		}()
	}
	claimed := 0
	for range n {
		s := <-states
		require.Contains(t, []ledger.ClaimState{ledger.Claimed, ledger.Held}, s)
		if s == ledger.Claimed {
			claimed++
		}
	}
	require.Equal(t, 1, claimed, "exactly one of many concurrent claims wins")
}
