package graph

import (
	"errors"
	"fmt"
)

// Reason says why no chart was attached; it is the `reason` label of the
// failure metric, so its values are few and fixed.
type Reason string

// The reasons a chart is not made.
const (
	// ReasonNoGraphLink: the alert's generatorURL is not a Prometheus graph
	// link with an expression (a skip, not a failure).
	ReasonNoGraphLink Reason = "no_graph_link"
	// ReasonTimeout: Prometheus did not answer within prometheus.timeout.
	ReasonTimeout Reason = "timeout"
	// ReasonUnreachable: no connection to Prometheus, or a non-API answer.
	ReasonUnreachable Reason = "unreachable"
	// ReasonQueryError: Prometheus refused or failed the query (bad_data,
	// execution, timeout on its side …) or answered something undecodable.
	ReasonQueryError Reason = "query_error"
	// ReasonEmpty: the query returned no series or no points.
	ReasonEmpty Reason = "empty"
	// ReasonTooLarge: the answer exceeded the byte cap, or the PNG
	// Pushover's attachment limit.
	ReasonTooLarge Reason = "too_large"
	// ReasonRender: the chart could not be drawn.
	ReasonRender Reason = "render"
)

// Reasons lists every Reason, for initialising metrics.
func Reasons() []Reason {
	return []Reason{ReasonNoGraphLink, ReasonTimeout, ReasonUnreachable, ReasonQueryError,
		ReasonEmpty, ReasonTooLarge, ReasonRender}
}

// Error is why no chart was made. It never holds a secret: neither
// credentials nor the query's text.
type Error struct {
	Reason Reason
	Err    error
}

// Error implements error.
func (e *Error) Error() string { return fmt.Sprintf("graph: %s: %v", e.Reason, e.Err) }

// Unwrap returns the cause.
func (e *Error) Unwrap() error { return e.Err }

// ReasonOf returns the Reason of err's *Error, or "" when it has none.
func ReasonOf(err error) Reason {
	var e *Error
	if errors.As(err, &e) {
		return e.Reason
	}
	return ""
}

func fail(r Reason, format string, args ...any) *Error {
	return &Error{Reason: r, Err: fmt.Errorf(format, args...)}
}
