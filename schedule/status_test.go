package schedule_test

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestStatus(t *testing.T) {
	set := compile(t, berlinWeekly+"other:\n  time_zone: UTC\n  rotation: {start: 2027-01-01T00:00, length: 1d}\n  members: [zed]\n")
	st := set.Status(utc(t, "2026-12-25T12:00:00Z"), 2)
	b, err := json.Marshal(st)
	require.NoError(t, err)
	require.JSONEq(t, `[
	  {"schedule":"db-primary","time_zone":"Europe/Berlin","at":"2026-12-25T13:00:00+01:00","on_call":"dave","override":true,
	   "next":[{"at":"2026-12-27T09:00:00+01:00","previous":"dave","recipient":"carol"},
	           {"at":"2026-12-28T09:00:00+01:00","previous":"carol","recipient":"alice"}],
	   "sync_group":false},
	  {"schedule":"other","time_zone":"UTC","at":"2026-12-25T12:00:00Z","on_call":"","override":false,
	   "next":[{"at":"2027-01-01T00:00:00Z","previous":"","recipient":"zed"}],"sync_group":false}
	]`, string(b))
}
