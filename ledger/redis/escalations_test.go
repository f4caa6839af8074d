package redisledger

import (
	"context"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation/escalationtest"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
)

// The shared ledger keeps escalations as every escalation.Store must,
// against a real redis-server.
func TestEscalationStoreConformance(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	escalationtest.TestStore(t, func(t *testing.T) escalation.Store {
		return openOn(t, srv, prefix(t), Options{}).Escalations()
	})
}

// Two replicas share escalations: what one starts, the other finds due;
// a finished record leaves the index and expires with the retention.
func TestEscalationsShared(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	ctx := context.Background()
	pfx := prefix(t)
	one := openOn(t, srv, pfx, Options{Retention: time.Hour}).Escalations()
	two := openOn(t, srv, pfx, Options{Retention: time.Hour}).Escalations()
	t0 := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	rec := escalationtest.Record("esc-shared", t0)
	require.NoError(t, one.Put(ctx, rec))
	due, err := two.Due(ctx, t0.Add(10*time.Minute))
	require.NoError(t, err)
	require.Len(t, due, 1)
	require.Equal(t, rec, due[0])

	_, err = two.Update(ctx, "esc-shared", func(r *escalation.Record, found bool) error {
		require.True(t, found)
		r.Acked = &escalation.Ack{By: "b", At: t0.Add(11 * time.Minute), Level: 2}
		return nil
	})
	require.NoError(t, err)
	pending, err := one.Pending(ctx)
	require.NoError(t, err)
	require.Empty(t, pending, "acknowledged: no longer pending")
	got, ok, err := one.Get(ctx, "esc-shared")
	require.NoError(t, err)
	require.True(t, ok, "kept for the retention")
	require.Equal(t, "b", got.Acked.By)
	rdb := redis.NewClient(&redis.Options{Addr: srv.Addr})
	t.Cleanup(func() { _ = rdb.Close() })
	ttl, err := rdb.TTL(ctx, pfx+"esc:esc-shared").Result()
	require.NoError(t, err)
	require.InDelta(t, time.Hour.Seconds(), ttl.Seconds(), 60, "a finished record expires with the retention")
	n, err := rdb.ZCard(ctx, pfx+escIndex).Result()
	require.NoError(t, err)
	require.Zero(t, n, "and leaves the index")
}
