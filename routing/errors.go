package routing

import (
	"errors"
	"fmt"
)

// Sentinel errors wrapped by Compile and the parsers; test them with errors.Is.
var (
	// ErrInvalid marks a value that breaks a validation rule.
	ErrInvalid = errors.New("invalid value")
	// ErrMissing marks a required value that is absent.
	ErrMissing = errors.New("missing value")
	// ErrUnknownRecipient marks a route's reference to an undefined recipient.
	ErrUnknownRecipient = errors.New("unknown recipient")
	// ErrDuplicate marks a name given twice where names must be unique.
	ErrDuplicate = errors.New("duplicate")
	// ErrNoRoutes marks a configuration without any route.
	ErrNoRoutes = errors.New("no routes configured")
)

// ConfigError locates one validation failure: the section of the file
// (such as `route "page-db"`, `route 2`, `recipient "oncall"` or `defaults`)
// and the YAML key. It never holds a secret.
type ConfigError struct {
	Section string
	Field   string
	Err     error
}

// Error implements error.
func (e *ConfigError) Error() string {
	if e.Field == "" {
		return fmt.Sprintf("%s: %v", e.Section, e.Err)
	}
	return fmt.Sprintf("%s: %s: %v", e.Section, e.Field, e.Err)
}

// Unwrap returns the cause.
func (e *ConfigError) Unwrap() error { return e.Err }

// problems collects the ConfigErrors of one section.
type problems struct {
	section string
	errs    []error
}

// add records err under field; a nil err is ignored.
func (p *problems) add(field string, err error) {
	if err != nil {
		p.errs = append(p.errs, &ConfigError{Section: p.section, Field: field, Err: err})
	}
}

// addf records a formatted error that wraps sentinel under field.
func (p *problems) addf(field string, sentinel error, format string, args ...any) {
	p.add(field, fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...))
}
