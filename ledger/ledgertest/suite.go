package ledgertest

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// Run runs the shared behaviour against the ledgers open returns.
func Run(t *testing.T, open Opener) {
	for _, tc := range []struct {
		name string
		test func(t *testing.T, open Opener)
	}{
		{"deliveries", testDeliveries},
		{"delivery retention", testDeliveryRetention},
		{"emergency lifecycle", testEmergencyLifecycle},
		{"expired emergency stops ringing", testExpire},
		{"acknowledgement of a group", testAcknowledgement},
		{"recent lists every state newest first", testRecent},
		{"unknown receipts", testUnknownReceipts},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.test(t, open) })
	}
}

func testDeliveries(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	_, ok, err := l.Accepted(ctx, "k1")
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, l.Record(ctx, "k1", T0.Add(time.Nanosecond)))
	at, ok, err := l.Accepted(ctx, "k1")
	require.NoError(t, err)
	require.True(t, ok)
	require.True(t, at.Equal(T0.Add(time.Nanosecond)), "the time to the nanosecond, got %s", at)
	_, ok, err = l.Accepted(ctx, "k2")
	require.NoError(t, err)
	require.False(t, ok)
}

func testDeliveryRetention(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, 2*time.Hour)
	require.NoError(t, l.Record(ctx, "k", T0))
	c.Add(2*time.Hour - time.Second)
	_, ok, err := l.Accepted(ctx, "k")
	require.NoError(t, err)
	require.True(t, ok, "within the retention")
	c.Add(2 * time.Second)
	_, ok, err = l.Accepted(ctx, "k")
	require.NoError(t, err)
	require.False(t, ok, "past the retention")
}

func testEmergencyLifecycle(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	o := &Observer{}
	l := open(t, c.Now, o, ledger.DefaultRetention)
	require.NoError(t, l.AddEmergency(ctx, Emergency("r1", "tagA", "a", "b")))
	require.NoError(t, l.AddEmergency(ctx, Emergency("r2", "tagB", "a", "b")))
	require.Equal(t, 2, o.Outstanding())
	for _, tc := range []struct {
		name string
		tag  string
		refs []ledger.AlertRef
		want ledger.Coverage
	}{
		{"same alerts", "tagA", Refs("a", "b"), ledger.Ringing},
		{"a subset", "tagA", Refs("a"), ledger.Ringing},
		{"a new alert", "tagA", Refs("a", "c"), ledger.NotPaged},
		{"another start", "tagA", []ledger.AlertRef{{Fingerprint: "a", StartsAt: T0}}, ledger.NotPaged},
		{"another tag", "tagC", Refs("a"), ledger.NotPaged},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, l.Cover(tc.tag, tc.refs, c.Now())) })
	}
	require.Len(t, l.Outstanding(c.Now()), 2)

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
	require.NoError(t, l.CancelTag(ctx, "tagB", c.Now()))
	require.Equal(t, 0, o.Outstanding())

	require.Equal(t, ledger.Paged, l.Cover("tagA", Refs("a", "b"), c.Now()))
	require.Equal(t, ledger.Paged, l.Cover("tagB", Refs("a", "b"), c.Now()))
	r2, ok := l.Emergency("r2")
	require.True(t, ok)
	require.True(t, r2.Cancelled.Equal(T0.Add(time.Minute)))
	r1, ok := l.Emergency("r1")
	require.True(t, ok)
	require.Equal(t, "oncall", r1.Ack.By)
	require.Equal(t, []map[string]string{{"alertname": "X"}}, r1.Labels)
	require.Empty(t, l.Outstanding(c.Now()))
}

func testExpire(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	require.NoError(t, l.AddEmergency(ctx, Emergency("r1", "tagA", "a")))
	require.Len(t, l.Outstanding(c.Now()), 1)
	require.NoError(t, l.Expire(ctx, "r1"))
	require.Empty(t, l.Outstanding(c.Now()))
	require.Equal(t, ledger.Paged, l.Cover("tagA", Refs("a"), c.Now()))

	require.NoError(t, l.AddEmergency(ctx, Emergency("r2", "tagB", "a")))
	require.Equal(t, ledger.Ringing, l.Cover("tagB", Refs("a"), c.Now()))
	c.Add(time.Hour)
	require.Equal(t, ledger.Paged, l.Cover("tagB", Refs("a"), c.Now()), "past expires_at")
	require.Empty(t, l.Outstanding(c.Now()))
}

func testAcknowledgement(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	require.NoError(t, l.AddEmergency(ctx, Emergency("r1", "tagA", "a", "b")))
	other := Emergency("r2", "tagB", "a")
	other.GroupKey = "{}:{alertname=\"Y\"}"
	require.NoError(t, l.AddEmergency(ctx, other))
	require.Nil(t, l.Acknowledgement("pushover-bridge", "{}:{alertname=\"X\"}", Refs("b")), "not acknowledged yet")
	_, _, err := l.Acknowledge(ctx, "r1", ledger.Ack{At: T0.Add(time.Minute), By: "oncall", Device: "phone"})
	require.NoError(t, err)
	_, _, err = l.Acknowledge(ctx, "r2", ledger.Ack{At: T0.Add(2 * time.Minute), By: "other"})
	require.NoError(t, err)
	ack := l.Acknowledgement("pushover-bridge", "{}:{alertname=\"X\"}", Refs("b"))
	require.NotNil(t, ack)
	require.Equal(t, ledger.Ack{At: T0.Add(time.Minute), By: "oncall", Device: "phone"}, *ack)
	require.Nil(t, l.Acknowledgement("pushover-bridge", "{}:{alertname=\"X\"}", Refs("z")), "another incident")
	require.Nil(t, l.Acknowledgement("another-receiver", "{}:{alertname=\"X\"}", Refs("a")), "another receiver")
}

func testRecent(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	for i, receipt := range []string{"r1", "r2", "r3"} {
		e := Emergency(receipt, "tag-"+receipt, "fp"+receipt)
		e.SentAt = T0.Add(time.Duration(i) * time.Minute)
		require.NoError(t, l.AddEmergency(ctx, e))
	}
	_, _, err := l.Acknowledge(ctx, "r2", ledger.Ack{At: T0.Add(2 * time.Minute), By: "oncall"})
	require.NoError(t, err)
	got := l.Recent(T0, 10)
	require.Len(t, got, 2, "r1 was sent at since, not after")
	require.Equal(t, "r3", got[0].Receipt)
	require.Equal(t, "r2", got[1].Receipt)
	require.Equal(t, "oncall", got[1].Ack.By)
	require.Len(t, l.Recent(T0.Add(-time.Hour), 1), 1)
}

func testUnknownReceipts(t *testing.T, open Opener) {
	ctx := context.Background()
	c := internalclock.NewManual(T0)
	l := open(t, c.Now, &Observer{}, ledger.DefaultRetention)
	_, ok := l.Emergency("nope")
	require.False(t, ok)
	_, first, err := l.Acknowledge(ctx, "nope", ledger.Ack{At: T0, By: "x"})
	require.NoError(t, err)
	require.False(t, first)
	require.NoError(t, l.Expire(ctx, "nope"))
	require.NoError(t, l.CancelTag(ctx, "no-such-tag", T0))
	require.Equal(t, ledger.NotPaged, l.Cover("no-such-tag", Refs("a"), T0))
}
