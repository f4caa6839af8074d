package routing

import (
	"fmt"
	"strconv"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// priorityByName returns the value of a Pushover priority name.
func priorityByName(name string) (pushover.Priority, bool) {
	switch name {
	case "lowest":
		return pushover.PriorityLowest, true
	case "low":
		return pushover.PriorityLow, true
	case "normal":
		return pushover.PriorityNormal, true
	case "high":
		return pushover.PriorityHigh, true
	case "emergency":
		return pushover.PriorityEmergency, true
	}
	return 0, false
}

// ParsePriority parses a priority name (lowest, low, normal, high,
// emergency; case-insensitive) or number (-2 to 2).
func ParsePriority(s string) (pushover.Priority, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	if p, ok := priorityByName(t); ok {
		return p, nil
	}
	n, err := strconv.Atoi(t)
	if err != nil || n < int(pushover.PriorityLowest) || n > int(pushover.PriorityEmergency) {
		return 0, fmt.Errorf("%w: priority %q is not lowest|low|normal|high|emergency or -2..2", ErrInvalid, s)
	}
	return pushover.Priority(n), nil
}

// IsTemplate reports whether a setting is a template to render per delivery
// rather than a literal value.
func IsTemplate(s string) bool { return strings.Contains(s, "{{") }

// StaticPriority returns the route's priority when it is a literal name or
// number; false when it is a template, rendered per delivery.
func (e Effective) StaticPriority() (pushover.Priority, bool) {
	if IsTemplate(e.Priority) {
		return 0, false
	}
	p, err := ParsePriority(e.Priority)
	if err != nil {
		return 0, false
	}
	return p, true
}

// MayBeEmergency reports whether the route can send at emergency priority:
// its priority is emergency, or a template that may render to it.
func (e Effective) MayBeEmergency() bool {
	p, ok := e.StaticPriority()
	return !ok || p == pushover.PriorityEmergency
}
