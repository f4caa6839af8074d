package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// compile parses and compiles a schedules section for tests.
func compile(t *testing.T, yml string) schedule.Set {
	t.Helper()
	cfg, err := schedule.Parse([]byte(yml))
	require.NoError(t, err)
	set, err := schedule.Compile(cfg, t.TempDir(), nil)
	require.NoError(t, err)
	return set
}

// utc parses an RFC 3339 instant.
func utc(t *testing.T, s string) time.Time {
	t.Helper()
	v, err := time.Parse(time.RFC3339, s)
	require.NoError(t, err)
	return v
}
