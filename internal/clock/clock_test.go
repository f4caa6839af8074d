package clock

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestManual(t *testing.T) {
	t0 := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	c := NewManual(t0)
	c.Add(time.Minute)
	require.NoError(t, c.Sleep(context.Background(), 5*time.Second))
	require.Equal(t, t0.Add(time.Minute+5*time.Second), c.Now())
	require.Equal(t, []time.Duration{5 * time.Second}, c.Slept())

	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, c.Sleep(ctx, time.Second), context.Canceled)
}

func TestSleepEndsWithContext(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	require.ErrorIs(t, Sleep(ctx, time.Hour), context.Canceled)
	require.NoError(t, Sleep(context.Background(), 0))
}
