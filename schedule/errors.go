package schedule

import (
	"errors"
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// The error types are routing's, so that every configuration error of the
// bridge reads and matches alike (errors.As *routing.ConfigError,
// errors.Is routing.ErrInvalid …). This file is the only one that names
// them. routing must never import schedule (the cycle would be refused);
// it learns schedule names through a callback instead.
var (
	errInvalid = routing.ErrInvalid
	errMissing = routing.ErrMissing
	// ErrUnknownRecipient marks a member or override naming no recipient.
	ErrUnknownRecipient = routing.ErrUnknownRecipient
	// ErrDuplicate marks a schedule name that is also a recipient name.
	ErrDuplicate = routing.ErrDuplicate
	// ErrOverlap marks two overrides of a schedule that overlap.
	ErrOverlap = errors.New("overlapping overrides")
)

// problems collects the located errors of one schedule.
type problems struct {
	section string
	errs    []error
}

func (p *problems) addf(field string, sentinel error, format string, args ...any) {
	err := fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)
	p.errs = append(p.errs, &routing.ConfigError{Section: p.section, Field: field, Err: err})
}

func section(name string) string { return fmt.Sprintf("schedule %q", name) }
