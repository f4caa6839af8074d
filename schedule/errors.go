package schedule

import (
	"errors"
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// Errors are *configerr.ConfigError naming the schedule and the key, and
// wrap configerr.ErrInvalid or configerr.ErrMissing, or one of the
// sentinels below. The name sentinels are routing's, so that an unknown or
// doubled name matches alike wherever it is reported; routing must never
// import schedule (the cycle would be refused).
var (
	errInvalid = configerr.ErrInvalid
	errMissing = configerr.ErrMissing
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
	p.errs = append(p.errs, &configerr.ConfigError{Section: p.section, Field: field, Err: err})
}

func section(name string) string { return fmt.Sprintf("schedule %q", name) }
