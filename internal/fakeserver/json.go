package fakeserver

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"
)

// UnmarshalDuration reads a duration from JSON, as a Go duration string
// ("1.5s") or a number of nanoseconds, into d: the fakes' Duration types
// unmarshal with it.
func UnmarshalDuration(b []byte, d *time.Duration) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var n int64
		if err := json.Unmarshal(b, &n); err != nil {
			return errors.New(`duration must be a string like "1s" or nanoseconds`)
		}
		*d = time.Duration(n)
		return nil
	}
	v, err := time.ParseDuration(s)
	*d = v
	return err
}

// Decode reads a control request's JSON body (at most 1 MiB, no unknown
// fields) into v.
func Decode(r *http.Request, v any) error {
	dec := json.NewDecoder(http.MaxBytesReader(nil, r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return fmt.Errorf("bad request body: %w", err)
	}
	return nil
}

// NonNil returns s, or an empty slice for nil, so that it travels as [].
func NonNil[T any](s []T) []T {
	if s == nil {
		return []T{}
	}
	return s
}
