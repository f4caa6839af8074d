// Package webhook owns Alertmanager's webhook payload (version 4): the
// Message type, its lenient decoding (unknown fields are ignored) and its
// validation, with errors that say in JSON's words what is wrong with a
// body (which required fields are missing, which field has the wrong
// type), never in Go's.
package webhook

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/prometheus/alertmanager/template"
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

// Decode reads one webhook payload leniently (unknown fields are ignored)
// and validates it. Every error is a *DecodeError; one from reading r (such
// as *http.MaxBytesError) is its Err.
func Decode(r io.Reader) (*Message, error) { return DecodeSized(r, 0) }

// maxSizeHint bounds the buffer allocated up front from a Content-Length,
// which a client may state falsely.
const maxSizeHint = 64 << 10

// DecodeSized is Decode reading into a buffer sized for about size bytes
// (a request's Content-Length), so that a body is not read by regrowing.
func DecodeSized(r io.Reader, size int64) (*Message, error) {
	buf := bytes.NewBuffer(make([]byte, 0, min(max(size, 0), maxSizeHint)+bytes.MinRead))
	if _, err := buf.ReadFrom(r); err != nil {
		return nil, &DecodeError{Reason: "reading body", Err: err}
	}
	if err := checkShape(buf.Bytes()); err != nil {
		return nil, err
	}
	var m Message
	if err := json.Unmarshal(buf.Bytes(), &m); err != nil {
		return nil, jsonError(err)
	}
	if err := m.Validate(); err != nil {
		return nil, err
	}
	return &m, nil
}
