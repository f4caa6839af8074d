package groupme

import (
	"errors"
	"fmt"
	"strings"
	"time"
)

// The classes of failure, for errors.Is. Every error the client returns
// from Post, UploadImage or Notify matches exactly one of them.
var (
	// ErrPermanent: repeating the same request cannot succeed (a refused
	// bot id or token, text GroupMe will not take, a request the client
	// refused to send).
	ErrPermanent = errors.New("permanent failure")
	// ErrRateLimited: GroupMe asked the client to slow down (HTTP 420 or 429).
	ErrRateLimited = errors.New("rate limited")
	// ErrTemporary: a failure that may pass (5xx, no or a garbled answer, a
	// timeout, a canceled context).
	ErrTemporary = errors.New("temporary failure")
	// ErrNoAccessToken: an upload was asked of a client without an access
	// token. It is wrapped by a *ValidationError.
	ErrNoAccessToken = errors.New("no access token configured (groupme.access_token_file)")
)

// ValidationError is a message or argument refused before anything was sent.
type ValidationError struct {
	Field string // e.g. "text", "bot_id"
	Rule  string // what was broken; never the refused value
	Err   error  // an optional cause, such as ErrNoAccessToken
}

// Error implements error.
func (e *ValidationError) Error() string {
	return "groupme: invalid " + e.Field + ": " + e.Rule
}

// Unwrap returns ErrPermanent and the cause, if any.
func (e *ValidationError) Unwrap() []error {
	if e.Err != nil {
		return []error{ErrPermanent, e.Err}
	}
	return []error{ErrPermanent}
}

func invalid(field, format string, args ...any) *ValidationError {
	return &ValidationError{Field: field, Rule: fmt.Sprintf(format, args...)}
}

// APIError is a refusal by GroupMe that repeating cannot fix: a 4xx other
// than 420 and 429 (400 bad request, 401 bad token, 404 unknown bot), or a
// redirect, which the client never follows (it would carry the body and the
// token to another host).
type APIError struct {
	Endpoint   string   // EndpointPost or EndpointPictures
	StatusCode int      // the HTTP status
	Errors     []string // meta.errors, secrets redacted
}

// Error implements error.
func (e *APIError) Error() string {
	detail := strings.Join(e.Errors, "; ")
	if detail == "" {
		detail = "(no details)"
	}
	return fmt.Sprintf("groupme: %s: refused with HTTP %d: %s", e.Endpoint, e.StatusCode, detail)
}

// Unwrap returns ErrPermanent.
func (e *APIError) Unwrap() error { return ErrPermanent }

// RateLimitedError is HTTP 420 "Enhance Your Calm", which GroupMe documents
// for rate limiting (https://dev.groupme.com/docs/responses), or 429, which
// Groupy's changelog reports for message creation. GroupMe documents no
// limits and no Retry-After header; RetryAfter is set only when the answer
// carried one.
type RateLimitedError struct {
	Endpoint   string
	StatusCode int           // 420 or 429
	RetryAfter time.Duration // 0 when the answer did not say
}

// Error implements error.
func (e *RateLimitedError) Error() string {
	s := fmt.Sprintf("groupme: %s: rate limited (HTTP %d)", e.Endpoint, e.StatusCode)
	if e.RetryAfter > 0 {
		s += fmt.Sprintf(", retry after %s", e.RetryAfter)
	}
	return s
}

// Unwrap returns ErrRateLimited.
func (e *RateLimitedError) Unwrap() error { return ErrRateLimited }

// TemporaryError is a failure that may pass: 5xx, an unreadable or garbled
// answer, a transport error, a timeout. Err is the cause.
type TemporaryError struct {
	Endpoint   string
	StatusCode int // 0 when no response came
	Err        error
}

// Error implements error.
func (e *TemporaryError) Error() string {
	if e.StatusCode == 0 {
		return fmt.Sprintf("groupme: %s: temporary failure: %v", e.Endpoint, e.Err)
	}
	return fmt.Sprintf("groupme: %s: temporary failure (HTTP %d): %v", e.Endpoint, e.StatusCode, e.Err)
}

// Unwrap returns ErrTemporary and the cause, so that
// errors.Is(err, context.DeadlineExceeded) works.
func (e *TemporaryError) Unwrap() []error { return []error{ErrTemporary, e.Err} }

// IsRetryable reports whether err may pass if the request is repeated
// later: a temporary failure or a rate limit.
func IsRetryable(err error) bool {
	return errors.Is(err, ErrTemporary) || errors.Is(err, ErrRateLimited)
}

// IsPermanent reports whether repeating the request cannot help.
func IsPermanent(err error) bool { return errors.Is(err, ErrPermanent) }

// IsRateLimited reports whether GroupMe asked the client to slow down.
func IsRateLimited(err error) bool { return errors.Is(err, ErrRateLimited) }

// redactedError hides secrets in the text of an error it still unwraps to.
type redactedError struct {
	msg string
	err error
}

func (e *redactedError) Error() string { return e.msg }
func (e *redactedError) Unwrap() error { return e.err }

// scrub returns err with every secret replaced in its text.
func scrub(err error, secrets []string) error {
	msg := err.Error()
	if red := redact(msg, secrets); red != msg {
		return &redactedError{msg: red, err: err}
	}
	return err
}

func redact(s string, secrets []string) string {
	for _, sec := range secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "<secret>")
		}
	}
	return s
}
