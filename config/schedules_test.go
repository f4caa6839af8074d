package config

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestSchedules(t *testing.T) {
	c, err := LoadFile("testdata/schedules.good.yml")
	require.NoError(t, err)
	set := c.Built().Schedules
	require.Equal(t, 1, set.Len())
	got, isSchedule := set.Resolve("db-primary", time.Date(2026, 12, 25, 12, 0, 0, 0, time.UTC))
	require.True(t, isSchedule)
	require.Equal(t, "bob", got)
	require.Contains(t, c.Secrets(), teamKey, "the sync group key is redacted like any secret")
	require.NotContains(t, c.String(), teamKey)
	require.Contains(t, c.String(), "start: 2026-01-05T09:00")
}

func TestEscalateNamesSchedules(t *testing.T) {
	c, err := LoadFile("testdata/escalate-schedule.good.yml")
	require.NoError(t, err)
	levels := c.Built().Router.Routes[0].Settings.Escalate
	require.Len(t, levels, 2)
	require.Equal(t, []string{"bob", "db-primary"}, levels[1].To)
	require.True(t, c.Built().Schedules.Has(levels[0].To[0]))
}
