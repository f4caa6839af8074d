package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/prometheus/common/model"
)

// required are the fields of a payload the bridge cannot do without.
var required = []string{"version", "status", "alerts"}

// checkShape checks, before decoding into Message, that the body is a JSON
// object holding every required field and a version that is the string
// SupportedVersion, so that the error says so in those words.
func checkShape(b []byte) error {
	if len(bytes.TrimSpace(b)) == 0 {
		return &DecodeError{Reason: "the body is empty: want Alertmanager's webhook JSON"}
	}
	var top map[string]json.RawMessage
	if err := json.Unmarshal(b, &top); err != nil {
		var te *json.UnmarshalTypeError
		if errors.As(err, &te) {
			return &DecodeError{Reason: "the body must be a JSON object, got " + article(te.Value)}
		}
		return jsonError(err)
	}
	if top == nil {
		return &DecodeError{Reason: "the body must be a JSON object, got null"}
	}
	var missing []string
	for _, k := range required {
		if v, ok := top[k]; !ok || bytes.Equal(bytes.TrimSpace(v), []byte("null")) {
			missing = append(missing, k)
		}
	}
	if len(missing) > 0 {
		return &DecodeError{Reason: "missing required fields: " + strings.Join(missing, ", ") +
			" (is this an Alertmanager webhook?)"}
	}
	var version string
	if err := json.Unmarshal(top["version"], &version); err != nil {
		return &DecodeError{Err: ErrUnsupportedVersion,
			Reason: fmt.Sprintf("version must be the string %q, got %s", SupportedVersion, bytes.TrimSpace(top["version"]))}
	}
	return nil
}

// Validate checks what the bridge relies on: the version, at least one
// alert, and known status values.
func (m *Message) Validate() error {
	if m.Data == nil {
		return &DecodeError{Reason: "missing required fields: " + strings.Join(required, ", ")}
	}
	if m.Version != SupportedVersion {
		return &DecodeError{Reason: fmt.Sprintf("version %q is not supported: want %q (Alertmanager's webhook version 4)",
			m.Version, SupportedVersion), Err: ErrUnsupportedVersion}
	}
	if len(m.Alerts) == 0 {
		return &DecodeError{Reason: "alerts is empty: a webhook carries at least one alert"}
	}
	if !validStatus(m.Status) {
		return &DecodeError{Reason: fmt.Sprintf("status %q is not firing or resolved", m.Status)}
	}
	for i, a := range m.Alerts {
		if !validStatus(a.Status) {
			return &DecodeError{Reason: fmt.Sprintf("alerts[%d].status %q is not firing or resolved", i, a.Status)}
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
