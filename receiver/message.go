package receiver

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/common/model"
)

// SupportedVersion is the only webhook payload version the bridge accepts.
const SupportedVersion = "4"

// ReasonRepeat is Alertmanager's notification_reason for a reminder.
const ReasonRepeat = "repeat interval elapsed"

// Message is Alertmanager's webhook payload (version 4). It embeds
// template.Data (receiver, status, alerts, notification_reason, labels,
// routeLabels, externalURL) so templates see what Alertmanager's own
// templates see. Unknown fields are ignored.
type Message struct {
	*template.Data
	Version         string `json:"version"`
	GroupKey        string `json:"groupKey"`
	TruncatedAlerts int    `json:"truncatedAlerts"`
}

// DecodeError is a payload the bridge cannot accept; it answers 400.
type DecodeError struct {
	Reason string
	Err    error // the JSON error, when there is one
}

// Error implements error.
func (e *DecodeError) Error() string {
	if e.Err != nil {
		return fmt.Sprintf("invalid webhook payload: %s: %v", e.Reason, e.Err)
	}
	return "invalid webhook payload: " + e.Reason
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// ErrUnsupportedVersion is wrapped by the DecodeError of a payload whose
// version is not SupportedVersion.
var ErrUnsupportedVersion = errors.New("unsupported webhook version")

// Decode reads one webhook payload leniently (unknown fields are ignored)
// and validates it. Every error is a *DecodeError; one from reading r (such
// as *http.MaxBytesError) is its Err.
func Decode(r io.Reader) (*Message, error) { return decodeSized(r, 0) }

// maxSizeHint bounds the buffer allocated up front from a Content-Length,
// which a client may state falsely.
const maxSizeHint = 64 << 10

// decodeSized is Decode reading into a buffer sized for about size bytes
// (a request's Content-Length), so that a body is not read by regrowing.
func decodeSized(r io.Reader, size int64) (*Message, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(size, 0), maxSizeHint)+bytes.MinRead))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, &DecodeError{Reason: "reading body", Err: err}
	}
	var m Message
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		return nil, &DecodeError{Reason: "malformed JSON", Err: err}
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}

// Validate checks what the bridge relies on: the version, at least one
// alert, and known status values.
func (m *Message) Validate() error {
	if m.Data == nil {
		return &DecodeError{Reason: "not a JSON object"}
	}
	if m.Version != SupportedVersion {
		return &DecodeError{Reason: fmt.Sprintf("version %q, want %q", m.Version, SupportedVersion), Err: ErrUnsupportedVersion}
	}
	if len(m.Alerts) == 0 {
		return &DecodeError{Reason: "no alerts"}
	}
	if !validStatus(m.Status) {
		return &DecodeError{Reason: fmt.Sprintf("status %q is not firing or resolved", m.Status)}
	}
	for i, a := range m.Alerts {
		if !validStatus(a.Status) {
			return &DecodeError{Reason: fmt.Sprintf("alerts[%d]: status %q is not firing or resolved", i, a.Status)}
		}
	}
	if m.TruncatedAlerts < 0 {
		return &DecodeError{Reason: "truncatedAlerts is negative"}
	}
	return nil
}

func validStatus(s string) bool {
	return s == string(model.AlertFiring) || s == string(model.AlertResolved)
}
