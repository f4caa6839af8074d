// Package configerr is the one vocabulary every configuration section uses
// to report what is wrong with it: a ConfigError locating the problem
// (section and YAML key), wrapping ErrInvalid or ErrMissing (or a
// section's own sentinel), and Problems to collect them. It never holds a
// secret: errors name keys and paths, never values of secrets.
package configerr

import (
	"errors"
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
)

// Sentinel errors wrapped by every section's validation; test them with errors.Is.
var (
	// ErrInvalid marks a value that breaks a validation rule.
	ErrInvalid = errors.New("invalid value")
	// ErrMissing marks a required value that is absent.
	ErrMissing = errors.New("missing value")
)

// ConfigError locates one validation failure: the section of the file
// (such as `receiver`, `route "page-db"` or `recipient "oncall"`) and the
// YAML key. It never holds a secret.
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

// Problems collects the ConfigErrors of one section.
type Problems struct {
	Section string
	errs    []error
}

// Add records err under field; a nil err is ignored.
func (p *Problems) Add(field string, err error) {
	if err != nil {
		p.errs = append(p.errs, &ConfigError{Section: p.Section, Field: field, Err: err})
	}
}

// Addf records a formatted error that wraps sentinel under field.
func (p *Problems) Addf(field string, sentinel error, format string, args ...any) {
	p.Add(field, fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...))
}

// Invalid records a formatted ErrInvalid under field.
func (p *Problems) Invalid(field, format string, args ...any) {
	p.Addf(field, ErrInvalid, format, args...)
}

// Err joins what was recorded; nil when nothing was.
func (p *Problems) Err() error { return errors.Join(p.errs...) }

// Errs returns what was recorded.
func (p *Problems) Errs() []error { return p.errs }

// ReadSecretFile reads the secret file at path for the YAML key field of
// section; an empty file is a missing value.
func ReadSecretFile(section, field, path string) (string, error) {
	s, err := secretfile.Read(path)
	if errors.Is(err, secretfile.ErrEmpty) {
		err = fmt.Errorf("%w: %w", ErrMissing, err)
	}
	if err != nil {
		return "", &ConfigError{Section: section, Field: field, Err: err}
	}
	return s, nil
}
