package emergency

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

type fakeCanceller struct {
	mu        sync.Mutex
	cancelled []string
	fail      error
}

func (f *fakeCanceller) Cancel(_ context.Context, receipt string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return f.fail
	}
	f.cancelled = append(f.cancelled, receipt)
	return nil
}

// TestAcknowledgeGroup: the group's ringing emergencies are cancelled by
// receipt and recorded as acknowledged by the recipient via the page;
// other groups, and emergencies that no longer ring, are left alone; a
// second call finds nothing ringing; a failed cancel records nothing.
func TestAcknowledgeGroup(t *testing.T) {
	ctx := context.Background()
	now := time.Date(2026, 3, 14, 9, 0, 0, 0, time.UTC)
	l := ledger.NewMemory(ledger.Options{Now: func() time.Time { return now }})
	add := func(receipt, groupKey string, ringing bool) {
		e := ledger.Emergency{Receipt: receipt, Receiver: "pushover", GroupKey: groupKey, Route: "oncall",
			Recipient: "alice", SentAt: now.Add(-time.Minute), ExpiresAt: now.Add(time.Hour)}
		if !ringing {
			e.Cancelled = now.Add(-time.Second)
		}
		require.NoError(t, l.AddEmergency(ctx, e))
	}
	add("r1", "g", true)
	add("r2", "g", true)
	add("r3", "g", false)
	add("r4", "other", true)
	c := &fakeCanceller{}
	m := NewMetrics(nil)
	tr := NewTracker(&Runtime{Canceller: c}, Options{Ledger: l, Metrics: m, Now: func() time.Time { return now }})

	already, err := tr.AcknowledgeGroup(ctx, "pushover", "g", "alice", ViaActionPage)
	require.NoError(t, err)
	require.False(t, already)
	require.ElementsMatch(t, []string{"r1", "r2"}, c.cancelled)
	for _, r := range []string{"r1", "r2"} {
		e, _, _ := l.Emergency(ctx, r)
		require.Equal(t, &ledger.Ack{At: now, By: "alice", Via: ViaActionPage}, e.Ack)
	}
	e, _, _ := l.Emergency(ctx, "r4")
	require.Nil(t, e.Ack, "another group")
	require.Equal(t, 2.0, testutil.ToFloat64(m.Acknowledged.WithLabelValues("oncall")))

	already, err = tr.AcknowledgeGroup(ctx, "pushover", "g", "alice", ViaActionPage)
	require.NoError(t, err)
	require.True(t, already, "a double tap does nothing")
	require.Len(t, c.cancelled, 2)

	c.fail = errors.New("pushover is down")
	_, err = tr.AcknowledgeGroup(ctx, "pushover", "other", "bob", ViaActionPage)
	require.ErrorIs(t, err, c.fail)
	e, _, _ = l.Emergency(ctx, "r4")
	require.Nil(t, e.Ack, "still ringing: not recorded")
}
