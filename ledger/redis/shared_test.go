package redisledger

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

func emergency(receipt, tag string, fps ...string) ledger.Emergency {
	refs := make([]ledger.AlertRef, 0, len(fps))
	for _, fp := range fps {
		refs = append(refs, ledger.AlertRef{Fingerprint: fp, StartsAt: t0.Add(-time.Minute)})
	}
	return ledger.Emergency{
		Receipt: receipt, Tag: tag, Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}",
		Route: "page", Recipient: "oncall", Alerts: refs, SentAt: t0, ExpiresAt: t0.Add(time.Hour),
	}
}

// TestSharedEmergencyState: what one replica records, the other sees:
// an emergency sent by a, acknowledged through b, is acknowledged on a;
// of two replicas hearing the same acknowledgement, one is first.
func TestSharedEmergencyState(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	c := internalclock.NewManual(t0)
	pfx := prefix(t)
	oa, ob := &observer{}, &observer{}
	a := openOn(t, srv, pfx, Options{Now: c.Now, Observer: oa})
	b := openOn(t, srv, pfx, Options{Now: c.Now, Observer: ob})
	ctx := context.Background()
	require.NoError(t, a.AddEmergency(ctx, emergency("r1", "tagA", "fp1")))
	require.NoError(t, a.AddEmergency(ctx, emergency("r2", "tagB", "fp2")))
	ringing, err := b.Emergencies(ctx, ledger.Filter{RingingAt: c.Now()})
	require.NoError(t, err)
	require.Len(t, ringing, 2, "b sees what a sent")

	var wg sync.WaitGroup
	firsts := make(chan bool, 2)
	for _, l := range []*Ledger{a, b} {
		wg.Go(func() {
			_, first, err := l.Acknowledge(ctx, "r1", ledger.Ack{At: c.Now(), By: "oncall"})
			require.NoError(t, err)
			firsts <- first
		})
	}
	wg.Wait()
	close(firsts)
	n := 0
	for f := range firsts {
		if f {
			n++
		}
	}
	require.Equal(t, 1, n, "one replica records the first acknowledgement")
	e, ok, err := a.Emergency(ctx, "r1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, "oncall", e.Ack.By)

	require.NoError(t, b.Cancel(ctx, "r2", c.Now()))
	ringing, err = a.Emergencies(ctx, ledger.Filter{RingingAt: c.Now()})
	require.NoError(t, err)
	require.Empty(t, ringing, "a sees b's acknowledgement and cancellation")
	require.NoError(t, a.Check(ctx))
	require.Equal(t, 0, oa.Outstanding())
}

// TestCheckTrimsAndReports: Check drops ringing entries past their expiry
// and sent entries whose record is gone, and reports what still rings.
func TestCheckTrimsAndReports(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	c := internalclock.NewManual(t0)
	o := &observer{}
	l := openOn(t, srv, prefix(t), Options{Now: c.Now, Observer: o, Retention: time.Hour})
	ctx := context.Background()
	short := emergency("r1", "tagA", "a")
	short.ExpiresAt = t0.Add(time.Minute)
	require.NoError(t, l.AddEmergency(ctx, short))
	require.NoError(t, l.AddEmergency(ctx, emergency("r2", "tagB", "b")))
	c.Add(2 * time.Minute)
	require.NoError(t, l.Check(ctx))
	require.Equal(t, 1, o.Outstanding())
	n, err := l.rdb.ZCard(ctx, l.key("out", "")).Result()
	require.NoError(t, err)
	require.Equal(t, int64(1), n, "r1 no longer rings")

	require.NoError(t, l.rdb.Del(ctx, l.key("e:", "r1")).Err()) // as its TTL would
	c.Add(2 * time.Hour)
	require.NoError(t, l.Check(ctx))
	members, err := l.rdb.ZRange(ctx, l.key("sent", ""), 0, -1).Result()
	require.NoError(t, err)
	require.Equal(t, []string{"r2"}, members, "the sent entry of an expired record is dropped")
	require.Equal(t, 0, o.Outstanding())
}

// TestRecentDeliveriesShared: what either replica pushes, both list,
// newest first, bounded.
func TestRecentDeliveriesShared(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	pfx := prefix(t)
	a, b := openOn(t, srv, pfx, Options{}), openOn(t, srv, pfx, Options{})
	ctx := context.Background()
	for i, l := range []*Ledger{a, b, a, b} {
		require.NoError(t, l.PushRecent(ctx, []byte{'0' + byte(i)}, 3))
	}
	got, err := a.RecentEntries(ctx, 10)
	require.NoError(t, err)
	require.Equal(t, [][]byte{[]byte("3"), []byte("2"), []byte("1")}, got, "newest first, the oldest dropped")
	got, err = b.RecentEntries(ctx, 2)
	require.NoError(t, err)
	require.Equal(t, [][]byte{[]byte("3"), []byte("2")}, got)
}
