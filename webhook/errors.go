package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"time"
)

// DecodeError is a payload the bridge cannot accept; it answers 400.
type DecodeError struct {
	Reason string
	Err    error // the cause, when there is one
}

// Error implements error.
func (e *DecodeError) Error() string {
	if e.Err != nil && !errors.Is(e.Err, ErrUnsupportedVersion) {
		return fmt.Sprintf("invalid webhook payload: %s: %v", e.Reason, e.Err)
	}
	return "invalid webhook payload: " + e.Reason
}

// Unwrap returns the cause.
func (e *DecodeError) Unwrap() error { return e.Err }

// ErrUnsupportedVersion is wrapped by the DecodeError of a payload whose
// version is not SupportedVersion.
var ErrUnsupportedVersion = errors.New("unsupported webhook version")

// jsonError says in JSON's words what encoding/json found wrong.
func jsonError(err error) error {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return &DecodeError{Reason: fmt.Sprintf("malformed JSON at byte %d: %s", se.Offset, strings.TrimPrefix(se.Error(), "json: "))}
	case errors.As(err, &te):
		field := strings.TrimPrefix(te.Field, "Data.") // the embedded template.Data
		if field == "" {
			field = "the body"
		}
		return &DecodeError{Reason: fmt.Sprintf("%s must be %s, got %s", field, jsonKind(te.Type), article(te.Value))}
	case strings.Contains(err.Error(), "parsing time"):
		return &DecodeError{Reason: "a time (startsAt, endsAt) is not an RFC 3339 string such as \"2026-11-22T10:08:00Z\""}
	}
	return &DecodeError{Reason: "malformed JSON", Err: err}
}

var timeType = reflect.TypeFor[time.Time]()

// jsonKind names what JSON value a Go type decodes from.
func jsonKind(t reflect.Type) string {
	if t == timeType {
		return "an RFC 3339 time string"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Map, reflect.Struct:
		return "an object"
	case reflect.Slice, reflect.Array:
		return "an array"
	case reflect.Bool:
		return "true or false"
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
		reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		return "a whole number"
	case reflect.Float32, reflect.Float64:
		return "a number"
	case reflect.Pointer:
		return jsonKind(t.Elem())
	}
	return "another kind of value"
}

// article prefixes encoding/json's name of a JSON value ("number",
// "string", "array", "object", "bool", "number 1.5") with a or an.
func article(v string) string {
	if v == "" {
		return "something else"
	}
	if strings.HasPrefix(v, "array") || strings.HasPrefix(v, "object") {
		return "an " + v
	}
	if v == "bool" {
		return "true or false"
	}
	return "a " + v
}
