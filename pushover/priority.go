package pushover

import (
	"errors"
	"fmt"
	"strconv"
	"strings"
)

var priorityNames = map[Priority]string{
	PriorityLowest:    "lowest",
	PriorityLow:       "low",
	PriorityNormal:    "normal",
	PriorityHigh:      "high",
	PriorityEmergency: "emergency",
}

// String returns the priority's name: lowest, low, normal, high or emergency.
func (p Priority) String() string {
	if s, ok := priorityNames[p]; ok {
		return s
	}
	return "Priority(" + strconv.Itoa(int(p)) + ")"
}

// Valid reports whether p is one of the five Pushover priorities.
func (p Priority) Valid() bool { return p >= PriorityLowest && p <= PriorityEmergency }

// ErrInvalidPriority is wrapped by ParsePriority's error for a value that
// is no priority.
var ErrInvalidPriority = errors.New("invalid priority")

// ParsePriority accepts a name (lowest, low, normal, high, emergency; any
// case) or a number from -2 to 2.
func ParsePriority(s string) (Priority, error) {
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
		return nil, fmt.Errorf("pushover: invalid priority %d", int(p))
	}
	return []byte(p.String()), nil
}

// UnmarshalText implements encoding.TextUnmarshaler with ParsePriority.
func (p *Priority) UnmarshalText(b []byte) error {
	v, err := ParsePriority(string(b))
	if err != nil {
		return err
	}
	*p = v
	return nil
}

// priorityError is a value that is no priority; it wraps ErrInvalidPriority.
type priorityError struct{ value string }

func (e *priorityError) Error() string {
	return fmt.Sprintf("priority %q is not lowest|low|normal|high|emergency or -2..2", e.value)
}

func (e *priorityError) Unwrap() error { return ErrInvalidPriority }
