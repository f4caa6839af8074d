package pushovertest

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Duration is a time.Duration that travels in JSON as a Go duration string
// ("1.5s"), or as a number of nanoseconds.
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	return fakeserver.UnmarshalDuration(b, (*time.Duration)(d))
}

// The bodies of the control API's POST requests.
type (
	// AckRequest is the body of POST /_fake/ack.
	AckRequest struct {
		Receipt string `json:"receipt"`
		User    string `json:"user"`
		Device  string `json:"device"`
	}
	// FaultRequest is the body of POST /_fake/inject.
	FaultRequest struct {
		Kind     FaultKind `json:"kind"`
		Endpoint string    `json:"endpoint,omitempty"`
		Count    int       `json:"count,omitempty"`
		Delay    Duration  `json:"delay,omitempty"`
	}
	// LatencyRequest is the body of POST /_fake/latency.
	LatencyRequest struct {
		Latency Duration `json:"latency"`
	}
	// FailureRateRequest is the body of POST /_fake/failure-rate.
	FailureRateRequest struct {
		Kind     FaultKind `json:"kind"`
		Fraction float64   `json:"fraction"`
	}
	// QuotaRequest is the body of POST /_fake/quota.
	QuotaRequest struct {
		Limit     int `json:"limit"`
		Remaining int `json:"remaining"`
	}
	// AdvanceRequest is the body of POST /_fake/advance.
	AdvanceRequest struct {
		Duration Duration `json:"duration"`
	}
)

// serveControl is the JSON control API under /_fake/. GET messages,
// requests, receipts, stats and groups; POST ack, inject, latency,
// failure-rate, quota, advance, group and reset. Errors are 400 {"error": "..."}.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request, path string) {
	if r.Method == http.MethodGet {
		s.serveControlGet(w, path)
		return
	}
	if r.Method != http.MethodPost {
		writeNotFound(w)
		return
	}
	var err error
	switch path {
	case "ack":
		var req AckRequest
		if err = decode(r, &req); err == nil {
			err = s.Ack(req.Receipt, req.User, req.Device)
		}
	case "inject":
		var req FaultRequest
		if err = decode(r, &req); err == nil {
			f := Fault{Kind: req.Kind, Endpoint: req.Endpoint, Count: req.Count, Delay: time.Duration(req.Delay)}
			if err = f.validate(); err == nil {
				s.Inject(f)
			}
		}
	case "latency":
		var req LatencyRequest
		if err = decode(r, &req); err == nil {
			s.SetLatency(time.Duration(req.Latency))
		}
	case "failure-rate":
		var req FailureRateRequest
		if err = decode(r, &req); err == nil {
			err = s.setFailureRate(req)
		}
	case "quota":
		var req QuotaRequest
		if err = decode(r, &req); err == nil {
			s.SetQuota(req.Limit, req.Remaining)
		}
	case "advance":
		var req AdvanceRequest
		if err = decode(r, &req); err == nil {
			s.Advance(time.Duration(req.Duration))
		}
	case "group":
		var req GroupRequest
		if err = decode(r, &req); err == nil {
			if req.Key == "" {
				err = errors.New("key is required")
			} else {
				s.CreateGroup(req.Key, req.Name, req.Members...)
			}
		}
	case "reset":
		s.Reset()
	default:
		writeNotFound(w)
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

func (s *Server) serveControlGet(w http.ResponseWriter, path string) {
	switch path {
	case "messages":
		writeJSON(w, http.StatusOK, fakeserver.NonNil(s.Messages()))
	case "requests":
		writeJSON(w, http.StatusOK, fakeserver.NonNil(s.Requests()))
	case "receipts":
		writeJSON(w, http.StatusOK, s.Receipts())
	case "stats":
		writeJSON(w, http.StatusOK, s.Stats())
	case "groups":
		writeJSON(w, http.StatusOK, s.Groups())
	default:
		writeNotFound(w)
	}
}

func (s *Server) setFailureRate(req FailureRateRequest) error {
	if !faultKinds[req.Kind] {
		return fmt.Errorf("unknown fault kind %q", req.Kind)
	}
	if req.Fraction < 0 || req.Fraction > 1 {
		return errors.New("fraction must be between 0 and 1")
	}
	s.SetFailureRate(req.Kind, req.Fraction)
	return nil
}

func decode(r *http.Request, v any) error { return fakeserver.Decode(r, v) }
