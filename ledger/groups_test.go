package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

func testGroup(id string, at time.Time) Group {
	return Group{ID: id, Receiver: "pushover", GroupKey: `{}:{alertname="DiskFull"}`, Status: "firing",
		CommonLabels: map[string]string{"alertname": "DiskFull"},
		Alerts: []GroupAlert{{Status: "firing", Labels: map[string]string{"alertname": "DiskFull", "instance": "db-1"},
			Annotations: map[string]string{"summary": "<b>97%</b> full"}, StartsAt: t0.Add(-time.Hour), Fingerprint: "fp1"}},
		UpdatedAt: at}
}

// TestGroupsSurviveReopenAndExpire: a group is kept on disk, replaced by
// the next PutGroup, and forgotten (in memory and on disk) after the
// retention.
func TestGroupsSurviveReopenAndExpire(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := internalclock.NewManual(t0)
	l := openAt(t, dir, c, &observer{})
	_, ok, err := l.Group(ctx, "g1")
	require.NoError(t, err)
	require.False(t, ok, "unknown")
	require.NoError(t, l.PutGroup(ctx, testGroup("g1", t0)))
	g2 := testGroup("g2", time.Time{})
	g2.Status = "resolved"
	require.NoError(t, l.PutGroup(ctx, g2))
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, &observer{})
	got, ok, err := l.Group(ctx, "g1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, testGroup("g1", t0), got)
	got, ok, _ = l.Group(ctx, "g2")
	require.True(t, ok)
	require.Equal(t, "resolved", got.Status)
	require.Equal(t, t0, got.UpdatedAt, "a zero UpdatedAt is now")

	c.Add(time.Hour)
	require.NoError(t, l.PutGroup(ctx, testGroup("g2", c.Now())))
	c.Add(DefaultRetention - time.Minute) // g1 is over the retention, g2 not
	_, ok, _ = l.Group(ctx, "g1")
	require.False(t, ok, "past the retention, even before pruning")
	n, err := l.Prune(c.Now())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, &observer{})
	_, ok, _ = l.Group(ctx, "g1")
	require.False(t, ok, "pruned on disk")
	_, ok, _ = l.Group(ctx, "g2")
	require.True(t, ok)
}
