package schedule_test

import (
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// FuzzParse feeds arbitrary text to Parse and Compile: they must return an
// error or a Set whose schedules answer OnCall and Handoffs consistently.
func FuzzParse(f *testing.F) {
	now := time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC).Unix()
	f.Add([]byte(berlinWeekly), now)
	f.Add([]byte(newYorkDaily+edges), now)
	f.Add([]byte("s:\n  time_zone: UTC\n  rotation: {start: 2026-01-05, length: 1m}\n  members: [a, b]\n"), int64(0))
	f.Add([]byte("s:\n  time_zone: Asia/Kathmandu\n  rotation: {start: 1970-01-01T00:00:59, length: 36h}\n  members: [a]\n"+
		"  overrides: [{recipient: b, from: 1969-12-31T23:00, to: 1970-01-01T00:01}]\n"), int64(-3600))
	f.Add([]byte("s: {members: [a], overrides: [{}]}"), now)
	f.Fuzz(func(t *testing.T, data []byte, unix int64) {
		// Instants within about 3,000 years of 1970.
		at := time.Unix(unix%(100_000_000_000), 0).UTC()
		cfg, err := schedule.Parse(data)
		if err != nil {
			return
		}
		set, err := schedule.Compile(cfg, t.TempDir(), nil)
		if err != nil {
			return
		}
		for _, sc := range set.Schedules() {
			for _, h := range sc.Handoffs(at, 3) {
				if !h.At.After(at) || sc.OnCall(h.At) != h.Recipient || sc.OnCall(h.At.Add(-time.Nanosecond)) != h.Previous {
					t.Fatalf("%s: inconsistent hand-off %+v", sc.Name(), h)
				}
			}
		}
	})
}
