package pushover

import (
	"errors"
	"time"
)

// ValidationError is a message or argument refused before it was sent.
type ValidationError struct {
	Field string // the Pushover parameter, e.g. "message"
	Rule  string // what was broken, e.g. "at most 1024 runes, got 1300"
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

// QuotaError is HTTP 429: the monthly message quota is exhausted.
type QuotaError struct {
	Endpoint string
	Reset    time.Time // when the quota resets
	Limits   *Limits   // when the headers were present
	Request  string
}

// TemporaryError is a failure that may pass: 5xx, a non-JSON or empty body,
// a transport error or a timeout. Err is the cause.
type TemporaryError struct {
	Endpoint   string
	StatusCode int // 0 when there was no HTTP response
	Err        error
}

// IsRetryable reports whether err may pass if the request is repeated later.
func IsRetryable(err error) bool {
	var t *TemporaryError
	return errors.As(err, &t)
}
