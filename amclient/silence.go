package amclient

import (
	"cmp"
	"regexp"
	"slices"
	"sort"
	"time"
)

// Silence states in Alertmanager's answers.
const (
	StateActive  = "active"
	StatePending = "pending"
	StateExpired = "expired"
)

// Matcher is one matcher of a silence, as API v2 spells it.
type Matcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual bool   `json:"isEqual"`
}

// Status is a silence's state as Alertmanager reports it.
type Status struct {
	State string `json:"state"`
}

// Silence is a silence as API v2 takes and returns it. ID is empty for a
// new silence; set, POST updates (extends) that silence.
type Silence struct {
	ID        string    `json:"id,omitempty"`
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
	Status    *Status   `json:"status,omitempty"`
}

// Active reports whether Alertmanager said the silence is active.
func (s Silence) Active() bool { return s.Status != nil && s.Status.State == StateActive }

// ExactMatchers returns one equality matcher per label, sorted by name: a
// silence with them mutes exactly the alerts with these labels (an alert
// with one more label as well; Prometheus alerts of one rule and series
// have a fixed label set).
func ExactMatchers(labels map[string]string) []Matcher {
	names := make([]string, 0, len(labels))
	for n := range labels {
		names = append(names, n)
	}
	sort.Strings(names)
	out := make([]Matcher, 0, len(names))
	for _, n := range names {
		out = append(out, Matcher{Name: n, Value: labels[n], IsEqual: true})
	}
	return out
}

// SameMatchers reports whether a and b hold the same matchers, in any order.
func SameMatchers(a, b []Matcher) bool {
	if len(a) != len(b) {
		return false
	}
	less := func(x, y Matcher) int {
		if c := cmp.Compare(x.Name, y.Name); c != 0 {
			return c
		}
		return cmp.Compare(x.Value, y.Value)
	}
	as, bs := slices.Clone(a), slices.Clone(b)
	slices.SortFunc(as, less)
	slices.SortFunc(bs, less)
	return slices.Equal(as, bs)
}

// Matches reports whether the silence's matchers all match labels, as
// Alertmanager evaluates them (regular expressions anchored at both ends,
// a missing label is the empty string). An invalid regular expression
// matches nothing.
func (s Silence) Matches(labels map[string]string) bool {
	for _, m := range s.Matchers {
		v := labels[m.Name]
		ok := v == m.Value
		if m.IsRegex {
			re, err := regexp.Compile("^(?:" + m.Value + ")$")
			if err != nil {
				return false
			}
			ok = re.MatchString(v)
		}
		if ok != m.IsEqual {
			return false
		}
	}
	return len(s.Matchers) > 0
}
