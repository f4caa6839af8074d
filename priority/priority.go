// Package priority is the urgency vocabulary shared by the routes, the
// pipeline and the destinations: Pushover's five priorities, -2 (lowest)
// to 2 (emergency: it rings until acknowledged), their names and parsing.
// Package pushover's Priority is this type; a destination without
// priorities maps them to what it has (GroupMe marks an emergency in its
// text).
package priority

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// Priority is a message priority, -2 to 2.
type Priority int

// The five priorities.
const (
	Lowest    Priority = -2
	Low       Priority = -1
	Normal    Priority = 0
	High      Priority = 1
	Emergency Priority = 2
)

var priorityNames = map[Priority]string{
	Lowest:    "lowest",
	Low:       "low",
	Normal:    "normal",
	High:      "high",
	Emergency: "emergency",
}

// String returns the priority's name: lowest, low, normal, high or emergency.
func (p Priority) String() string {
	if s, ok := priorityNames[p]; ok {
		return s
	}
	return "Priority(" + strconv.Itoa(int(p)) + ")"
}

// Valid reports whether p is one of the five priorities.
func (p Priority) Valid() bool { return p >= Lowest && p <= Emergency }

// ErrInvalid is wrapped by Parse's error for a value that
// is no priority.
var ErrInvalid = errors.New("invalid priority")

// Parse accepts a name (lowest, low, normal, high, emergency; any
// case) or a number from -2 to 2.
func Parse(s string) (Priority, error) {
	s = strings.TrimSpace(s)
	for p, name := range priorityNames {
		if strings.EqualFold(s, name) {
			return p, nil
		}
	}
	if n, err := strconv.Atoi(s); err == nil && Priority(n).Valid() {
		return Priority(n), nil
	}
	return 0, &priorityError{s}
}

// MarshalText implements encoding.TextMarshaler with the priority's name.
func (p Priority) MarshalText() ([]byte, error) {
	if !p.Valid() {
		return nil, fmt.Errorf("invalid priority %d", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with Parse.
func (p *Priority) UnmarshalText(b []byte) error {
	v, err := Parse(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// priorityError is a value that is no priority; it wraps ErrInvalid.
type priorityError struct{ value string }

func (e *priorityError) Error() string {
	return fmt.Sprintf("priority %q is not lowest|low|normal|high|emergency or -2..2", e.value)
}

func (e *priorityError) Unwrap() error { return ErrInvalid }
