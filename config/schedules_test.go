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

// A route's to names a schedule: a placeholder recipient without a key,
// resolved when a page goes out. Every recipient's key is a secret, also
// one that only a schedule or an escalation level pages.
func TestToNamesSchedule(t *testing.T) {
	c, err := LoadFile("testdata/to-schedule.good.yml")
	require.NoError(t, err)
	to := c.Built().Router.Routes[0].To
	require.Len(t, to, 1)
	require.Equal(t, "db-primary", to[0].Name)
	require.True(t, to[0].Schedule)
	require.Empty(t, to[0].UserKey)
	require.Contains(t, c.Secrets(), "uQiRzpo4DXghDmr9QzzfQu27cmVRsG")
	require.Contains(t, c.Secrets(), "ub8Kq2JZf8hW4eYVxPz3T1mNc7LrDa")
	require.NotContains(t, c.Secrets(), "")
}
