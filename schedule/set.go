package schedule

import (
	"slices"
	"strings"
	"time"
)

// Set is the compiled schedules by name. The zero Set has no schedule.
// It is immutable and safe for concurrent use.
type Set struct {
	byName map[string]*Schedule
}

// Resolve maps a name used where a recipient name is (a route's to,
// escalate, fallback) to a recipient name at t. For a schedule it returns
// whoever is on call then and true; the recipient is "" when no one is
// (before the rotation's start), and the caller must treat that as an
// undeliverable recipient (fall back, count, log). Any other name is
// returned unchanged with false.
func (s Set) Resolve(name string, t time.Time) (recipient string, isSchedule bool) {
	sc, ok := s.byName[name]
	if !ok {
		return name, false
	}
	return sc.OnCall(t), true
}

// Get returns the named schedule, or nil.
func (s Set) Get(name string) *Schedule { return s.byName[name] }

// Has reports whether name is a schedule.
func (s Set) Has(name string) bool { _, ok := s.byName[name]; return ok }

// Len is the number of schedules.
func (s Set) Len() int { return len(s.byName) }

// Schedules returns every schedule, sorted by name.
func (s Set) Schedules() []*Schedule {
	out := make([]*Schedule, 0, len(s.byName))
	for _, sc := range s.byName {
		out = append(out, sc)
	}
	slices.SortFunc(out, func(a, b *Schedule) int { return strings.Compare(a.name, b.name) })
	return out
}

// SyncGroups returns the sync group keys of the schedules, for redaction.
func (s Set) SyncGroups() []string {
	var out []string
	for _, sc := range s.Schedules() {
		if sc.syncGroup != "" {
			out = append(out, sc.syncGroup)
		}
	}
	return out
}

// Syncers returns one Syncer per schedule, sorted by name, each made from o
// with its Schedule set: those with a sync group keep the group, the others
// only the on-call gauge. Run each in its own goroutine; on a reload,
// cancel them and start those of the new Set.
func (s Set) Syncers(o SyncerOptions) ([]*Syncer, error) {
	var out []*Syncer
	for _, sc := range s.Schedules() {
		o.Schedule = sc
		sy, err := NewSyncer(o)
		if err != nil {
			return nil, err
		}
		out = append(out, sy)
	}
	return out, nil
}
