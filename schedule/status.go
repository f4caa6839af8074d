package schedule

import "time"

// Status is who is on call for one schedule at an instant, for the status
// page and the oncall command. It holds names only, never a key.
type Status struct {
	Schedule string    `json:"schedule"`
	TimeZone string    `json:"time_zone"`
	At       time.Time `json:"at"`
	OnCall   string    `json:"on_call"`  // "" when no one is (before the rotation's start)
	Override bool      `json:"override"` // OnCall is there by an override
	// Next are the next hand-offs after At, times in the schedule's zone.
	Next []Handoff `json:"next"`
	// SyncGroup says whether a delivery group follows the schedule.
	SyncGroup bool `json:"sync_group"`
}

// Status returns every schedule's Status at t with its next n hand-offs,
// sorted by schedule name: the data of the status page's "who is on call".
func (s Set) Status(t time.Time, n int) []Status {
	out := make([]Status, 0, len(s.byName))
	for _, sc := range s.Schedules() {
		out = append(out, sc.Status(t, n))
	}
	return out
}

// Status returns the schedule's Status at t with its next n hand-offs.
func (sc *Schedule) Status(t time.Time, n int) Status {
	st := Status{Schedule: sc.name, TimeZone: sc.loc.String(), At: t.In(sc.loc), OnCall: sc.OnCall(t),
		SyncGroup: sc.syncGroup != "", Next: []Handoff{}}
	for _, o := range sc.overrides {
		if !t.Before(o.From) && t.Before(o.To) {
			st.Override = true
		}
	}
	for _, h := range sc.Handoffs(t, n) {
		h.At = h.At.In(sc.loc)
		st.Next = append(st.Next, h)
	}
	return st
}
