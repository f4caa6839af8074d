// Package redact is the bridge's one way of keeping secrets (app token,
// user keys, bearer tokens) out of what it logs, answers or prints:
// Secrets.String replaces each of them by <secret>, and Secrets.Error
// does so in an error's text while keeping the error for errors.Is/As.
package redact

import "strings"

// Placeholder replaces each secret.
const Placeholder = "<secret>"

// Secrets is a set of secrets to hide; empty strings are ignored.
type Secrets []string

// String returns s with every secret replaced by Placeholder.
func (r Secrets) String(s string) string {
	for _, sec := range r {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, Placeholder)
		}
	}
	return s
}

// Error returns err with every secret replaced in its text; it still
// unwraps to err. It returns err itself when no secret occurs, and nil
// for nil.
func (r Secrets) Error(err error) error {
	if err == nil {
		return nil
	}
	msg := err.Error()
	red := r.String(msg)
	if red == msg {
		return err
	}
	return &redacted{msg: red, err: err}
}

// redacted hides secrets in the text of an error it still unwraps to.
type redacted struct {
	msg string
	err error
}

func (e *redacted) Error() string { return e.msg }
func (e *redacted) Unwrap() error { return e.err }
