package schedule_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

const berlinWeekly = `
db-primary:
  time_zone: Europe/Berlin
  rotation: {start: 2026-01-05T09:00, length: 1w}
  members: [alice, bob, carol]
  overrides:
    - {recipient: dave, from: 2026-12-24T18:00, to: 2026-12-27T09:00}
`

const newYorkDaily = `
ny:
  time_zone: America/New_York
  rotation: {start: 2026-03-01T09:00, length: 1d}
  members: [a, b, c]
ny-weekly:
  time_zone: America/New_York
  rotation: {start: 2026-10-05T09:00, length: 1w}
  members: [a, b, c]
`

const edges = `
gap:
  time_zone: Europe/Berlin
  rotation: {start: 2026-03-27T02:30, length: 1d}
  members: [x, y]
twelve:
  time_zone: Europe/Berlin
  rotation: {start: 2026-03-28T08:00, length: 12h}
  members: [day, night]
`

// TestOnCall checks who is on call at instants around hand-offs, across the
// 2026 daylight-saving changes of two zones.
func TestOnCall(t *testing.T) {
	set := compile(t, berlinWeekly+newYorkDaily+edges)
	tests := []struct {
		name, schedule, at, want string
	}{
		{"before the start", "db-primary", "2026-01-05T07:59:59Z", ""},
		{"at the start (09:00 CET)", "db-primary", "2026-01-05T08:00:00Z", "alice"},
		{"a minute before the first hand-off", "db-primary", "2026-01-12T07:59:00Z", "alice"},
		{"first hand-off at the exact minute", "db-primary", "2026-01-12T08:00:00Z", "bob"},
		{"Berlin spring: last CET hand-off", "db-primary", "2026-03-23T08:00:00Z", "carol"},
		{"Berlin spring: 09:00 CEST is 07:00Z, a minute before", "db-primary", "2026-03-30T06:59:00Z", "carol"},
		{"Berlin spring: 09:00 CEST hand-off", "db-primary", "2026-03-30T07:00:00Z", "alice"},
		{"Berlin autumn: 09:00 CEST on the DST Sunday's week", "db-primary", "2026-10-26T07:59:00Z", "carol"},
		{"Berlin autumn: 09:00 CET hand-off", "db-primary", "2026-10-26T08:00:00Z", "alice"},
		{"override: a minute before its start", "db-primary", "2026-12-24T16:59:00Z", "carol"},
		{"override: its exact start", "db-primary", "2026-12-24T17:00:00Z", "dave"},
		{"override: a minute before its end", "db-primary", "2026-12-27T07:59:00Z", "dave"},
		{"override: its exact end, back to the rotation", "db-primary", "2026-12-27T08:00:00Z", "carol"},
		{"after the override, the next hand-off", "db-primary", "2026-12-28T08:00:00Z", "alice"},
		{"New York spring: the day before (09:00 EST)", "ny", "2026-03-07T14:00:00Z", "a"},
		{"New York spring: 09:00 EDT is 13:00Z", "ny", "2026-03-08T13:00:00Z", "b"},
		{"New York spring: 12:59Z is still the day before", "ny", "2026-03-08T12:59:00Z", "a"},
		{"New York autumn: 09:00 EDT week", "ny-weekly", "2026-10-26T13:00:00Z", "a"},
		{"New York autumn: 13:59Z is before 09:00 EST", "ny-weekly", "2026-11-02T13:59:00Z", "a"},
		{"New York autumn: 09:00 EST hand-off", "ny-weekly", "2026-11-02T14:00:00Z", "b"},
		{"gap: 02:30 CET on Saturday", "gap", "2026-03-28T01:30:00Z", "y"},
		{"gap: 02:30 does not exist on Sunday, 03:30 CEST", "gap", "2026-03-29T01:30:00Z", "x"},
		{"gap: a minute before", "gap", "2026-03-29T01:29:00Z", "y"},
		{"gap: 02:30 CEST on Monday", "gap", "2026-03-30T00:30:00Z", "y"},
		{"12h: absolute, 07:00Z was 08:00 CET", "twelve", "2026-03-28T07:00:00Z", "day"},
		{"12h: night from 19:00Z", "twelve", "2026-03-28T19:00:00Z", "night"},
		{"12h: across the change, day at 07:00Z = 09:00 CEST", "twelve", "2026-03-29T07:00:00Z", "day"},
		{"12h: a minute before", "twelve", "2026-03-29T06:59:00Z", "night"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, isSchedule := set.Resolve(tc.schedule, utc(t, tc.at))
			require.True(t, isSchedule)
			require.Equal(t, tc.want, got)
		})
	}
}

// TestHandoffsKeepLocalTime lists hand-offs across each DST change and
// checks their local clock time stays put for whole-day lengths and moves
// for the 12h rotation.
func TestHandoffsKeepLocalTime(t *testing.T) {
	set := compile(t, berlinWeekly+newYorkDaily+edges)
	tests := []struct {
		schedule, from string
		n              int
		wantUTC        []string
		wantLocal      string // the local clock time of every hand-off
	}{
		{"db-primary", "2026-03-20T00:00:00Z", 3,
			[]string{"2026-03-23T08:00:00Z", "2026-03-30T07:00:00Z", "2026-04-06T07:00:00Z"}, "09:00"},
		{"db-primary", "2026-10-20T00:00:00Z", 2,
			[]string{"2026-10-26T08:00:00Z", "2026-11-02T08:00:00Z"}, "09:00"},
		{"ny", "2026-03-07T00:00:00Z", 3,
			[]string{"2026-03-07T14:00:00Z", "2026-03-08T13:00:00Z", "2026-03-09T13:00:00Z"}, "09:00"},
		{"ny-weekly", "2026-10-20T00:00:00Z", 2,
			[]string{"2026-10-26T13:00:00Z", "2026-11-02T14:00:00Z"}, "09:00"},
	}
	for _, tc := range tests {
		t.Run(tc.schedule+" "+tc.from, func(t *testing.T) {
			sc := set.Get(tc.schedule)
			hs := sc.Handoffs(utc(t, tc.from), tc.n)
			require.Len(t, hs, tc.n)
			for i, h := range hs {
				require.Equal(t, tc.wantUTC[i], h.At.UTC().Format("2006-01-02T15:04:05Z"), "hand-off %d", i)
				require.Equal(t, tc.wantLocal, h.At.In(sc.Location()).Format("15:04"), "hand-off %d", i)
				require.Equal(t, sc.OnCall(h.At), h.Recipient)
				require.Equal(t, sc.OnCall(h.At.Add(-1)), h.Previous)
			}
		})
	}
	twelve := set.Get("twelve")
	var local []string
	for _, h := range twelve.Handoffs(utc(t, "2026-03-28T06:00:00Z"), 4) {
		local = append(local, h.At.In(twelve.Location()).Format("01-02 15:04"))
	}
	// Every 12 hours of absolute time: the local time moves by an hour.
	require.Equal(t, []string{"03-28 08:00", "03-28 20:00", "03-29 09:00", "03-29 21:00"}, local)
}

// TestHandoffsOverrides checks an override nested inside a shift adds two
// hand-offs, and that hand-offs start at the rotation's start.
func TestHandoffsOverrides(t *testing.T) {
	sc := compile(t, berlinWeekly).Get("db-primary")
	hs := sc.Handoffs(utc(t, "2026-12-24T12:00:00Z"), 3)
	require.Equal(t, []schedule.Handoff{
		{At: utc(t, "2026-12-24T17:00:00Z"), Previous: "carol", Recipient: "dave"},
		{At: utc(t, "2026-12-27T08:00:00Z"), Previous: "dave", Recipient: "carol"},
		{At: utc(t, "2026-12-28T08:00:00Z"), Previous: "carol", Recipient: "alice"},
	}, utcAll(hs))

	hs = sc.Handoffs(utc(t, "2026-01-01T00:00:00Z"), 2)
	require.Equal(t, []schedule.Handoff{
		{At: utc(t, "2026-01-05T08:00:00Z"), Previous: "", Recipient: "alice"},
		{At: utc(t, "2026-01-12T08:00:00Z"), Previous: "alice", Recipient: "bob"},
	}, utcAll(hs))

	// From the exact minute of a hand-off, the next one is the one after.
	hs = sc.Handoffs(utc(t, "2026-01-12T08:00:00Z"), 1)
	require.Equal(t, utc(t, "2026-01-19T08:00:00Z"), hs[0].At.UTC())
}

// TestHandoffsSamePerson ends rather than scanning forever when no one
// else can ever be on call.
func TestHandoffsSamePerson(t *testing.T) {
	sc := compile(t, `
solo:
  time_zone: UTC
  rotation: {start: 2026-01-01T00:00, length: 1d}
  members: [alice, alice]
`).Get("solo")
	require.Equal(t, []schedule.Handoff{{At: utc(t, "2026-01-01T00:00:00Z"), Recipient: "alice"}},
		utcAll(sc.Handoffs(utc(t, "2025-12-01T00:00:00Z"), 5)))
	require.Empty(t, sc.Handoffs(utc(t, "2026-02-01T00:00:00Z"), 5))
}

// TestAutumnOverlap: a local time that happens twice is its first occurrence.
func TestAutumnOverlap(t *testing.T) {
	berlin := compile(t, berlinWeekly).Get("db-primary").Location()
	got := schedule.MustLocalTime("2026-10-25T02:30").In(berlin)
	require.Equal(t, utc(t, "2026-10-25T00:30:00Z"), got.UTC(), "02:30 CEST, the first 02:30")
	got = schedule.MustLocalTime("2026-03-29T02:30").In(berlin)
	require.Equal(t, utc(t, "2026-03-29T01:30:00Z"), got.UTC(), "the gap: 03:30 CEST")
}

func TestResolveNotASchedule(t *testing.T) {
	set := compile(t, berlinWeekly)
	got, isSchedule := set.Resolve("alice", utc(t, "2026-02-01T00:00:00Z"))
	require.False(t, isSchedule)
	require.Equal(t, "alice", got)
	got, isSchedule = schedule.Set{}.Resolve("db-primary", utc(t, "2026-02-01T00:00:00Z"))
	require.False(t, isSchedule)
	require.Equal(t, "db-primary", got)
}

func utcAll(hs []schedule.Handoff) []schedule.Handoff {
	for i := range hs {
		hs[i].At = hs[i].At.UTC()
	}
	return hs
}

// TestFarFromTheStart answers at once for times centuries after the start.
func TestFarFromTheStart(t *testing.T) {
	sc := compile(t, "s:\n  time_zone: Europe/Berlin\n  rotation: {start: 1700-01-01T00:00, length: 61m}\n  members: [a, b]\n").Get("s")
	at := utc(t, "2026-06-01T12:00:00Z")
	hs := sc.Handoffs(at, 2)
	require.Len(t, hs, 2)
	require.Equal(t, 61*time.Minute, hs[1].At.Sub(hs[0].At))
	require.True(t, hs[0].At.After(at) && hs[0].At.Sub(at) <= 61*time.Minute)

	daily := compile(t, "s:\n  time_zone: Europe/Berlin\n  rotation: {start: 1700-01-01T09:00, length: 1d}\n  members: [a, b]\n").Get("s")
	hs = daily.Handoffs(at, 1)
	require.Equal(t, "2026-06-02 09:00 CEST", hs[0].At.In(daily.Location()).Format("2006-01-02 15:04 MST"))
}
