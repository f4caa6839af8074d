package pushover

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// ErrCoolingDown is wrapped by the *TemporaryError returned, without
// contacting the API, when the caller's deadline falls before the end of the
// RetryFloor pause that follows a retryable failure.
var ErrCoolingDown = errors.New("cooling down after a failed request")

// ValidationError is a message or argument refused before it was sent.
type ValidationError struct {
	Field string // the Pushover parameter, e.g. "message"
	Rule  string // what was broken, e.g. "at most 1024 runes, got 1300"
}

// Error implements error. It never contains the value that was refused.
func (e *ValidationError) Error() string {
	return "pushover: invalid " + e.Field + ": " + e.Rule
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Rule: fmt.Sprintf(format, args...)}
}

// APIError is a permanent refusal by Pushover: any 4xx but 429, or status != 1.
// Repeating the same request cannot succeed.
type APIError struct {
	Endpoint   string            // e.g. "messages"
	StatusCode int               // HTTP status
	Errors     []string          // the "errors" list
	Fields     map[string]string // per-parameter reasons, e.g. {"user": "invalid"}
	Request    string
}

// Error implements error.
func (e *APIError) Error() string {
	detail := strings.Join(e.Errors, "; ")
	if detail == "" {
		detail = "(no details)"
	}
	return fmt.Sprintf("pushover: %s: refused with HTTP %d: %s", e.Endpoint, e.StatusCode, detail)
}

// QuotaError is HTTP 429: the monthly message quota is exhausted.
type QuotaError struct {
	Endpoint string
	Reset    time.Time // when the quota resets
	Limits   *Limits   // when the headers were present
	Request  string
}

// Error implements error.
func (e *QuotaError) Error() string {
	return fmt.Sprintf("pushover: %s: monthly message quota exhausted until %s",
		e.Endpoint, e.Reset.UTC().Format(time.RFC3339))
}

// TemporaryError is a failure that may pass: 5xx, a non-JSON or empty body,
// a transport error or a timeout. Err is the cause.
type TemporaryError struct {
	Endpoint   string
	StatusCode int // 0 when there was no HTTP response
	Err        error
	// Unanswered: the request was (or may have been) sent and no answer
	// was read (a timeout, a connection lost, a body cut short): Pushover
	// may have accepted it, and may still. See MaybeAccepted.
	Unanswered bool
}

// Error implements error.
func (e *TemporaryError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("pushover: %s: temporary failure: %v", e.Endpoint, e.Err)
	}
	return fmt.Sprintf("pushover: %s: temporary failure (HTTP %d): %v", e.Endpoint, e.StatusCode, e.Err)
}

// Unwrap returns the cause, so errors.Is(err, context.DeadlineExceeded) works.
func (e *TemporaryError) Unwrap() error { return e.Err }

// MaybeAccepted reports whether err leaves open that Pushover accepted the
// request (or will: it goes on with a request whose client gave up). Such
// a message must not be sent again for a while, or the user gets it twice.
func MaybeAccepted(err error) bool {
	var t *TemporaryError
	return errors.As(err, &t) && t.Unanswered
}

// IsRetryable reports whether err may pass if the request is repeated later.
func IsRetryable(err error) bool {
	var t *TemporaryError
	return errors.As(err, &t)
}
