package ledger

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

func TestRecentListsEveryStateNewestFirst(t *testing.T) {
	c := internalclock.NewManual(t0)
	l := NewMemory(Options{Now: c.Now})
	ctx := context.Background()
	for i, receipt := range []string{"r1", "r2", "r3"} {
		e := emergency(receipt, "tag-"+receipt, "fp"+receipt)
		e.SentAt = t0.Add(time.Duration(i) * time.Minute)
		require.NoError(t, l.AddEmergency(ctx, e))
	}
	_, _, err := l.Acknowledge(ctx, "r2", Ack{At: t0.Add(2 * time.Minute), By: "oncall"})
	require.NoError(t, err)

	got := l.Recent(t0, 10)
	require.Len(t, got, 2, "r1 was sent at since, not after")
	require.Equal(t, "r3", got[0].Receipt)
	require.Equal(t, "r2", got[1].Receipt)
	require.Equal(t, "oncall", got[1].Ack.By)
	require.Len(t, l.Recent(t0.Add(-time.Hour), 1), 1)
}
