package redisledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// TestGroupsAreSharedAndExpire: a group one replica stores is read by
// another, replaced by a later PutGroup, and gone after the retention.
func TestGroupsAreSharedAndExpire(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	ctx := context.Background()
	a := openOn(t, srv, prefix(t), Options{Retention: time.Hour})
	b := openOn(t, srv, prefix(t), Options{Retention: time.Hour})

	_, ok, err := b.Group(ctx, "g1")
	require.NoError(t, err)
	require.False(t, ok, "never stored")

	g := ledger.Group{ID: "g1", Receiver: "team", GroupKey: `{}:{alertname="Disk"}`}
	require.NoError(t, a.PutGroup(ctx, g))
	got, ok, err := b.Group(ctx, "g1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, g.GroupKey, got.GroupKey)
	require.False(t, got.UpdatedAt.IsZero(), "stamped when stored")

	g.Receiver = "ops"
	require.NoError(t, b.PutGroup(ctx, g))
	got, _, err = a.Group(ctx, "g1")
	require.NoError(t, err)
	require.Equal(t, "ops", got.Receiver, "the later PutGroup wins")

	short := openOn(t, srv, prefix(t)+"short/", Options{Retention: 50 * time.Millisecond})
	require.NoError(t, short.PutGroup(ctx, g))
	require.Eventually(t, func() bool {
		_, ok, err := short.Group(ctx, "g1")
		return err == nil && !ok
	}, 10*time.Second, 20*time.Millisecond, "gone after the retention")
}
