package routing

import (
	"fmt"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// parsePriority is pushover.ParsePriority with its error marked
// configerr.ErrInvalid, for the configuration's checks.
func parsePriority(s string) (pushover.Priority, error) {
	p, err := pushover.ParsePriority(s)
	if err != nil {
		return 0, fmt.Errorf("%w: %w", configerr.ErrInvalid, err)
	}
	return p, nil
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
	p, err := pushover.ParsePriority(e.Priority)
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
