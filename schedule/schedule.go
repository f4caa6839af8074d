package schedule

import (
	"slices"
	"time"
)

// Schedule is a compiled schedule. It is immutable and safe for concurrent use.
type Schedule struct {
	name      string
	loc       *time.Location
	startWall LocalTime
	start     time.Time
	length    time.Duration
	days      int // length in whole days, or 0 for a sub-day or mixed length
	members   []string
	overrides []Override // sorted by From, not overlapping
	syncGroup string
}

// Override puts Recipient on call for [From, To).
type Override struct {
	Recipient string
	From, To  time.Time
}

// Handoff is a change of the on-call person at At: from Previous ("" when
// no one was on call) to Recipient ("" when no one will be).
type Handoff struct {
	At        time.Time `json:"at"`
	Previous  string    `json:"previous"`
	Recipient string    `json:"recipient"`
}

// Name is the schedule's name.
func (s *Schedule) Name() string { return s.name }

// Location is the schedule's time zone.
func (s *Schedule) Location() *time.Location { return s.loc }

// Start is the instant the rotation begins.
func (s *Schedule) Start() time.Time { return s.start }

// Length is the rotation length.
func (s *Schedule) Length() time.Duration { return s.length }

// Members are the recipient names in rotation order.
func (s *Schedule) Members() []string { return slices.Clone(s.members) }

// Overrides are the overrides, sorted by start.
func (s *Schedule) Overrides() []Override { return slices.Clone(s.overrides) }

// SyncGroup is the key of the delivery group to keep in sync, or "". It is
// a secret: never log or print it.
func (s *Schedule) SyncGroup() string { return s.syncGroup }

// People are the distinct recipient names the schedule can put on call
// (members, then override recipients), in first-appearance order.
func (s *Schedule) People() []string {
	var out []string
	for _, n := range s.members {
		if !slices.Contains(out, n) {
			out = append(out, n)
		}
	}
	for _, o := range s.overrides {
		if !slices.Contains(out, o.Recipient) {
			out = append(out, o.Recipient)
		}
	}
	return out
}

// OnCall returns who is on call at t: the override covering t if any,
// else the rotation's member, else "" (before the rotation's start).
func (s *Schedule) OnCall(t time.Time) string {
	for _, o := range s.overrides {
		if !t.Before(o.From) && t.Before(o.To) {
			return o.Recipient
		}
	}
	k, ok := s.shift(t)
	if !ok {
		return ""
	}
	n := len(s.members)
	return s.members[((k%n)+n)%n]
}

// boundary is the start of the k-th shift (k = 0 is the rotation's start).
func (s *Schedule) boundary(k int) time.Time {
	if s.days == 0 { // in whole seconds, which cannot overflow as a Duration can
		return time.Unix(s.start.Unix()+int64(k)*int64(s.length/time.Second), 0).In(s.loc)
	}
	w := s.startWall.wall
	return wallIn(w.Year(), w.Month(), w.Day()+k*s.days, w.Hour(), w.Minute(), w.Second(), s.loc)
}

// shift returns the index of the shift t falls in, false before the start.
func (s *Schedule) shift(t time.Time) (int, bool) {
	if t.Before(s.start) {
		return 0, false
	}
	// An estimate from absolute time is off by at most one shift: DST moves
	// a day-based boundary by an hour or two, never by a whole shift. (In
	// seconds, as a float: a time.Duration saturates after 292 years.)
	k := int(float64(t.Unix()-s.start.Unix()) / s.length.Seconds())
	for k > 0 && s.boundary(k).After(t) {
		k--
	}
	for !s.boundary(k + 1).After(t) {
		k++
	}
	return k, true
}

// nextBoundary is the first rotation hand-off strictly after t.
func (s *Schedule) nextBoundary(t time.Time) time.Time {
	k, ok := s.shift(t)
	if !ok {
		return s.start
	}
	return s.boundary(k + 1)
}

// nextEdge is the first instant strictly after t at which the on-call
// person may change: a rotation hand-off or an override's start or end.
func (s *Schedule) nextEdge(t time.Time) time.Time {
	next := s.nextBoundary(t)
	for _, o := range s.overrides {
		for _, e := range []time.Time{o.From, o.To} {
			if e.After(t) && e.Before(next) {
				next = e
			}
		}
	}
	return next
}

// Handoffs returns the next n changes of the on-call person strictly after
// from, in order. It returns fewer when the person never changes again
// (a rotation whose members are all the same recipient).
func (s *Schedule) Handoffs(from time.Time, n int) []Handoff {
	var out []Handoff
	prev := s.OnCall(from)
	// After the last override, len(members) consecutive shifts always hold
	// a change unless every member is the same person: bound the scan.
	budget := (n+1)*len(s.members) + 2*len(s.overrides) + 2
	for t := from; len(out) < n && budget > 0; budget-- {
		t = s.nextEdge(t)
		if who := s.OnCall(t); who != prev {
			out = append(out, Handoff{At: t, Previous: prev, Recipient: who})
			prev = who
		}
	}
	return out
}
