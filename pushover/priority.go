package pushover

import "github.com/alertmanager-pushover/alertmanager-pushover/priority"

// ErrInvalidPriority is wrapped by ParsePriority's error for a value that
// is no priority.
var ErrInvalidPriority = priority.ErrInvalid

// ParsePriority accepts a name (lowest, low, normal, high, emergency; any
// case) or a number from -2 to 2 (priority.Parse).
func ParsePriority(s string) (Priority, error) { return priority.Parse(s) }
