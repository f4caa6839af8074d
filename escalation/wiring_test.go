package escalation_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// The schedules resolve names as the engine asks.
var _ escalation.Resolver = schedule.Set{}.Resolve

// The ledger's lease (the receipt poller's) elects the engine's replica
// through LeaseFunc: one holder at a time, renewed by the same holder.
func TestLedgerLeaseThroughLeaseFunc(t *testing.T) {
	clk := clock.NewManual(time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC))
	l := ledger.NewMemory(ledger.Options{Now: clk.Now})
	t.Cleanup(func() { require.NoError(t, l.Close()) })
	lease := escalation.LeaseFunc(func(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
		return l.Lease(ctx, "receipt-poller", holder, ttl)
	})
	ctx := context.Background()
	for _, step := range []struct {
		holder string
		after  time.Duration
		want   bool
	}{
		{"replica-1", 0, true}, {"replica-2", 0, false}, {"replica-1", 20 * time.Second, true},
		{"replica-2", 31 * time.Second, true}, {"replica-1", 0, false},
	} {
		clk.Add(step.after)
		ok, err := lease.Renew(ctx, step.holder, 30*time.Second)
		require.NoError(t, err)
		require.Equal(t, step.want, ok, "%s at +%s", step.holder, step.after)
	}
}
