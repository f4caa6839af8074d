// Package schedule owns on-call schedules: the YAML types of the top-level
// `schedules:` section and their validation, the compiled Schedule that says
// who is on call at an instant (OnCall) and when the next hand-offs happen
// (Handoffs), the Set that resolves a schedule name where a recipient name
// is expected, and the Syncer that keeps a Pushover delivery group's
// membership equal to a schedule's on-call person.
//
// Rotation arithmetic. A rotation starts at rotation.start, a wall-clock
// time in the schedule's time_zone, and hands off every rotation.length:
//
//   - A length that is a whole number of days (1d, 1w, 2w, 48h) advances by
//     calendar days in the zone: every hand-off happens at the start's local
//     time of day, whatever daylight-saving changes happened in between (so
//     a "week" across a DST change lasts 167 or 169 hours).
//   - Any other length (12h, 8h, 90m, 36h) advances by absolute time: the
//     local time of a hand-off moves by an hour across a DST change. A
//     sub-day rotation that stayed on local time would make one shift an
//     hour shorter or longer; rotating by absolute time keeps shifts equal.
//
// A local time that does not exist (inside a spring-forward gap) is taken
// the way time.Date takes it: as the instant the clock would have shown
// that time had it not jumped, so a 02:30 hand-off happens at 03:30 on the
// day the clocks go forward. A local time that happens twice (in an
// autumn overlap) is its first occurrence.
//
// Before the rotation's start no member is on call: OnCall returns "" (an
// override still applies). Overrides name a recipient for [from, to), local
// times in the schedule's zone; they win over the rotation and must not
// overlap each other.
package schedule
