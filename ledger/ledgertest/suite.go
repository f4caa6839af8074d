package ledgertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Run runs the shared behaviour against the ledgers open returns.
func Run(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		test func(t *testing.T, open Opener)
	}{
		{"claim protocol", testClaims},
		{"claim expires by the clock", testClaimExpiry},
		{"records expire after the retention", testRetention},
		{"emergency lifecycle", testEmergencyLifecycle},
		{"expired emergency stops ringing", testExpire},
		{"emergencies by filter", testFilters},
		{"unknown receipts", testUnknownReceipts},
		{"lease", testLease},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open) })
	}
}

func claim(t *testing.T, l ledger.Ledger, key string, r ledger.ClaimRequest) ledger.Claim {
	t.Helper()
	if r.TTL == 0 {
		r.TTL = time.Minute
	}
	c, err := l.Claim(context.Background(), key, r)
	require.NoError(t, err)
	return c
}

func testClaims(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "a"}).State, "free")
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "a"}).State, "a claim by the same holder is granted again")
	require.Equal(t, ledger.Held, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State, "a holds it")
	require.NoError(t, l.Release(ctx, "k", "b"), "b cannot release a's claim")
	require.Equal(t, ledger.Held, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State)
	require.NoError(t, l.Release(ctx, "k", "a"))
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State, "released")

	at := T0.Add(time.Nanosecond)
	require.NoError(t, l.Accept(ctx, "k", "b", at))
	got := claim(t, l, "k", ledger.ClaimRequest{Holder: "c"})
	require.Equal(t, ledger.Accepted, got.State)
	require.True(t, got.At.Equal(at), "the time to the nanosecond, got %s", got.At)
	require.Equal(t, ledger.Accepted, claim(t, l, "k", ledger.ClaimRequest{Holder: "c", AcceptedSince: at}).State)
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "c", AcceptedSince: at.Add(1)}).State,
		"an older acceptance does not count: a reminder")

	require.NoError(t, l.Refuse(ctx, "r", "x", T0))
	require.Equal(t, ledger.Refused, claim(t, l, "r", ledger.ClaimRequest{Holder: "y"}).State)
	require.Equal(t, ledger.Claimed, claim(t, l, "r", ledger.ClaimRequest{Holder: "y", RefusedSince: T0.Add(time.Second)}).State)
	require.NoError(t, l.Accept(ctx, "unclaimed", "z", T0))
	require.Equal(t, ledger.Accepted, claim(t, l, "unclaimed", ledger.ClaimRequest{Holder: "y"}).State, "Accept records without a claim")
}

func testClaimExpiry(t *testing.T, open Opener) {
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "crashed", TTL: time.Minute}).State)
	c.Add(time.Minute - time.Millisecond)
	require.Equal(t, ledger.Held, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State)
	c.Add(2 * time.Millisecond)
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State, "the crashed holder's claim expired")
}

func testRetention(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, 2*time.Hour)
	require.NoError(t, l.Accept(ctx, "k", "a", T0))
	require.NoError(t, l.Refuse(ctx, "r", "a", T0))
	c.Add(2*time.Hour - time.Second)
	require.Equal(t, ledger.Accepted, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State, "within the retention")
	require.Equal(t, ledger.Refused, claim(t, l, "r", ledger.ClaimRequest{Holder: "b"}).State)
	c.Add(2 * time.Second)
	require.Equal(t, ledger.Claimed, claim(t, l, "k", ledger.ClaimRequest{Holder: "b"}).State, "past the retention")
	require.Equal(t, ledger.Claimed, claim(t, l, "r", ledger.ClaimRequest{Holder: "b"}).State)
}

func ringing(t *testing.T, l ledger.Ledger, now time.Time) []string {
	t.Helper()
	return receipts(t, l, ledger.Filter{RingingAt: now})
}

func receipts(t *testing.T, l ledger.Ledger, f ledger.Filter) []string {
	t.Helper()
	es, err := l.Emergencies(context.Background(), f)
	require.NoError(t, err)
	var out []string
	for _, e := range es {
		out = append(out, e.Receipt)
	}
	return out
}

func testEmergencyLifecycle(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	o := &Observer{}
	l := open(t, c.Now, o, ledger.DefaultRetention)
	require.NoError(t, l.AddEmergency(ctx, Emergency("r1", "tagA", "a", "b")))
	r2 := Emergency("r2", "tagB", "a", "b")
	r2.SentAt = T0.Add(time.Second)
	require.NoError(t, l.AddEmergency(ctx, r2))
	require.Equal(t, 2, o.Outstanding())
	require.Equal(t, []string{"r1", "r2"}, ringing(t, l, c.Now()))

	c.Add(time.Minute)
	e, first, err := l.Acknowledge(ctx, "r1", ledger.Ack{At: c.Now(), By: "oncall", Device: "phone"})
	require.NoError(t, err)
	require.True(t, first)
	require.Equal(t, "oncall", e.Ack.By)
	require.Equal(t, 2*time.Hour, e.SilenceFor, "the record comes back whole")
	_, first, err = l.Acknowledge(ctx, "r1", ledger.Ack{At: c.Now(), By: "someone else"})
	require.NoError(t, err)
	require.False(t, first, "only the first acknowledgement counts")
	require.Equal(t, 1, o.Outstanding())
	require.NoError(t, l.Cancel(ctx, "r2", c.Now()))
	require.NoError(t, l.Cancel(ctx, "r2", c.Now().Add(time.Hour)), "the first cancellation counts")
	require.Equal(t, 0, o.Outstanding())
	require.Empty(t, ringing(t, l, c.Now()))

	got, ok, err := l.Emergency(ctx, "r2")
	require.NoError(t, err)
	require.True(t, ok)
	require.True(t, got.Cancelled.Equal(T0.Add(time.Minute)))
	got, ok, err = l.Emergency(ctx, "r1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, ledger.Ack{At: T0.Add(time.Minute), By: "oncall", Device: "phone"}, *got.Ack)
	require.Equal(t, []map[string]string{{"alertname": "X"}}, got.Labels)
}

func testExpire(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	require.NoError(t, l.AddEmergency(ctx, Emergency("r1", "tagA", "a")))
	require.NoError(t, l.Expire(ctx, "r1"))
	require.Empty(t, ringing(t, l, c.Now()))
	e, ok, err := l.Emergency(ctx, "r1")
	require.NoError(t, err)
	require.True(t, ok)
	require.True(t, e.Expired)

	require.NoError(t, l.AddEmergency(ctx, Emergency("r2", "tagB", "a")))
	require.Equal(t, []string{"r2"}, ringing(t, l, c.Now()))
	c.Add(time.Hour)
	require.Empty(t, ringing(t, l, c.Now()), "past expires_at")
}

func testFilters(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	r1, r2, r3 := Emergency("r1", "tagA", "a"), Emergency("r2", "tagA", "b"), Emergency("r3", "tagB", "a")
	r2.SentAt = T0.Add(time.Minute)
	r3.SentAt, r3.GroupKey, r3.ExternalURL = T0.Add(2*time.Minute), "{}:{alertname=\"Y\"}", "http://am-2"
	for _, e := range []ledger.Emergency{r3, r2, r1} {
		require.NoError(t, l.AddEmergency(ctx, e))
	}
	require.NoError(t, l.Expire(ctx, "r2"))
	for _, tc := range []struct {
		name string
		f    ledger.Filter
		want []string
	}{
		{"all, oldest first", ledger.Filter{}, []string{"r1", "r2", "r3"}},
		{"tag", ledger.Filter{Tag: "tagA"}, []string{"r1", "r2"}},
		{"group", ledger.Filter{Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}"}, []string{"r1", "r2"}},
		{"group and fingerprints", ledger.Filter{Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}", Fingerprints: []string{"b"}}, []string{"r2"}},
		{"another receiver", ledger.Filter{Receiver: "other", GroupKey: "{}:{alertname=\"X\"}"}, nil},
		{"ringing", ledger.Filter{RingingAt: c.Now()}, []string{"r1", "r3"}},
		{"sent after", ledger.Filter{SentAfter: T0}, []string{"r2", "r3"}},
		{"fingerprints", ledger.Filter{Fingerprints: []string{"a"}}, []string{"r1", "r3"}},
		{"source", ledger.Filter{Source: "http://am-2"}, []string{"r3"}},
		{"source, receiver, fingerprints, ringing", ledger.Filter{Source: "http://am-2", Receiver: "pushover-bridge",
			Fingerprints: []string{"a", "b"}, RingingAt: c.Now()}, []string{"r3"}},
		{"fingerprints of two alerts", ledger.Filter{Fingerprints: []string{"a", "b"}}, []string{"r1", "r2", "r3"}},
		{"tag and ringing", ledger.Filter{Tag: "tagA", RingingAt: c.Now()}, []string{"r1"}},
		{"unknown tag", ledger.Filter{Tag: "nope"}, nil},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, receipts(t, l, tc.f)) })
	}
}

func testUnknownReceipts(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	_, ok, err := l.Emergency(ctx, "nope")
	require.NoError(t, err)
	require.False(t, ok)
	_, first, err := l.Acknowledge(ctx, "nope", ledger.Ack{At: T0, By: "x"})
	require.NoError(t, err)
	require.False(t, first)
	require.NoError(t, l.Expire(ctx, "nope"))
	require.NoError(t, l.Cancel(ctx, "nope", T0))
}

func testLease(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	lease := func(holder string) bool {
		ok, err := l.Lease(ctx, "poller", holder, time.Minute)
		require.NoError(t, err)
		return ok
	}
	require.True(t, lease("a"), "free")
	require.False(t, lease("b"), "a holds it")
	c.Add(50 * time.Second)
	require.True(t, lease("a"), "a renews it")
	c.Add(50 * time.Second)
	require.False(t, lease("b"), "renewed: still a's")
	c.Add(11 * time.Second)
	require.True(t, lease("b"), "a stopped renewing: b takes it after the TTL")
	require.False(t, lease("a"))
}
