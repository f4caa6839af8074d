package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation/escalationtest"
	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

func TestEscalationStoreConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		escalationtest.TestStore(t, func(*testing.T) escalation.Store { return NewMemory(Options{}).Escalations() })
	})
	t.Run("bbolt", func(t *testing.T) {
		escalationtest.TestStore(t, func(t *testing.T) escalation.Store {
			l, err := Open(t.TempDir(), Options{})
			require.NoError(t, err)
			t.Cleanup(func() { require.NoError(t, l.Close()) })
			return l.Escalations()
		})
	})
}

// An escalation survives a restart: what the engine wrote is what the
// reopened ledger reads, due at the same time.
func TestEscalationsSurviveReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := internalclock.NewManual(t0)
	l, err := Open(dir, Options{Now: clk.Now})
	require.NoError(t, err)
	want := escalationtest.Record("esc-1", t0)
	_, err = l.Escalations().Update(ctx, "esc-1", func(r *escalation.Record, found bool) error {
		require.False(t, found)
		*r = want
		return nil
	})
	require.NoError(t, err)
	require.NoError(t, l.Close())

	l, err = Open(dir, Options{Now: clk.Now})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, l.Close()) })
	got, ok, err := l.Escalations().Get(ctx, "esc-1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, want, got)
	due, err := l.Escalations().Due(ctx, t0.Add(10*time.Minute))
	require.NoError(t, err)
	require.Len(t, due, 1, "level 2 is due 10 minutes after the first page, restart or not")
	require.NoError(t, l.Health(ctx))
}

// Finished escalations are kept for the retention after they finished,
// then pruned from memory and disk; pending ones are never pruned.
func TestPruneEscalations(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	clk := internalclock.NewManual(t0)
	l, err := Open(dir, Options{Now: clk.Now, Retention: time.Hour})
	require.NoError(t, err)
	s := l.Escalations()
	acked := escalationtest.Record("esc-acked", t0)
	acked.Acked = &escalation.Ack{By: "a", At: t0.Add(time.Minute), Level: 1}
	pending := escalationtest.Record("esc-pending", t0)
	pending.Levels[1].After, pending.Levels[2].After = 2*time.Hour, 3*time.Hour
	require.NoError(t, s.Put(ctx, acked))
	require.NoError(t, s.Put(ctx, pending))

	n, err := l.Prune(t0.Add(time.Hour))
	require.NoError(t, err)
	require.Zero(t, n, "finished 59 minutes ago: kept")
	n, err = l.Prune(t0.Add(time.Hour + 2*time.Minute))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	all, pend := l.EscalationsLen()
	require.Equal(t, 1, all)
	require.Equal(t, 1, pend)
	require.NoError(t, l.Close())

	l, err = Open(dir, Options{Now: clk.Now, Retention: time.Hour})
	require.NoError(t, err)
	t.Cleanup(func() { require.NoError(t, l.Close()) })
	_, ok, err := l.Escalations().Get(ctx, "esc-acked")
	require.NoError(t, err)
	require.False(t, ok, "pruned on disk too")
	_, ok, err = l.Escalations().Get(ctx, "esc-pending")
	require.NoError(t, err)
	require.True(t, ok)
}
