package groupmetest

import (
	"encoding/json"
	"errors"
	"net/http"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Duration is a time.Duration that travels in JSON as a Go duration
// string ("1.5s") or a number of nanoseconds.
type Duration time.Duration

// MarshalJSON implements json.Marshaler.
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON implements json.Unmarshaler.
func (d *Duration) UnmarshalJSON(b []byte) error {
	return fakeserver.UnmarshalDuration(b, (*time.Duration)(d))
}

// The bodies of the control API's POST requests.
type (
	// FaultRequest is the body of POST /_fake/inject.
	FaultRequest struct {
		Kind       FaultKind `json:"kind"`
		Endpoint   string    `json:"endpoint,omitempty"`
		Count      int       `json:"count,omitempty"`
		Delay      Duration  `json:"delay,omitempty"`
		RetryAfter Duration  `json:"retry_after,omitempty"`
	}
	// BotRequest is the body of POST /_fake/bots.
	BotRequest struct {
		BotID   string `json:"bot_id"`
		GroupID string `json:"group_id"`
	}
	// TokenRequest is the body of POST /_fake/tokens.
	TokenRequest struct {
		AccessToken string `json:"access_token"`
	}
	// LatencyRequest is the body of POST /_fake/latency.
	LatencyRequest struct {
		Latency Duration `json:"latency"`
	}
)

// serveControl is the JSON control API under /_fake/: GET posts, requests
// and pictures; POST inject, bots, tokens, latency and reset. Errors are
// 400 {"error": "..."}.
func (s *Server) serveControl(w http.ResponseWriter, r *http.Request, path string) {
	if r.Method == http.MethodGet {
		switch path {
		case "posts":
			writeJSON(w, http.StatusOK, fakeserver.NonNil(s.Posts()))
		case "requests":
			writeJSON(w, http.StatusOK, fakeserver.NonNil(s.Requests()))
		case "pictures":
			writeJSON(w, http.StatusOK, fakeserver.NonNil(s.Pictures()))
		default:
			http.NotFound(w, r)
		}
		return
	}
	if r.Method != http.MethodPost {
		http.NotFound(w, r)
		return
	}
	err := s.controlPost(r, path)
	if errors.Is(err, errNoSuchControl) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		writeJSON(w, http.StatusBadRequest, map[string]string{"error": err.Error()})
		return
	}
	writeJSON(w, http.StatusOK, map[string]bool{"ok": true})
}

var errNoSuchControl = errors.New("no such control")

func (s *Server) controlPost(r *http.Request, path string) error {
	switch path {
	case "inject":
		var req FaultRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		f := Fault{Kind: req.Kind, Endpoint: req.Endpoint, Count: req.Count,
			Delay: time.Duration(req.Delay), RetryAfter: time.Duration(req.RetryAfter)}
		if err := f.validate(); err != nil {
			return err
		}
		s.Inject(f)
	case "bots":
		var req BotRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		if req.BotID == "" {
			return errors.New("bot_id is required")
		}
		s.AddBot(req.BotID, req.GroupID)
	case "tokens":
		var req TokenRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		if req.AccessToken == "" {
			return errors.New("access_token is required")
		}
		s.AddAccessToken(req.AccessToken)
	case "latency":
		var req LatencyRequest
		if err := decode(r, &req); err != nil {
			return err
		}
		s.SetLatency(time.Duration(req.Latency))
	case "reset":
		s.Reset()
	default:
		return errNoSuchControl
	}
	return nil
}

func decode(r *http.Request, v any) error { return fakeserver.Decode(r, v) }
