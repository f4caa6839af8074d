// Package amclienttest is a fake of the part of Alertmanager's API v2 that
// amclient calls (silences and the alert list), httptest-shaped, for the
// tests of amclient and of the packages that use it.
package amclienttest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

// Server is a fake Alertmanager. Its fields are guarded by its methods.
type Server struct {
	*httptest.Server
	mu       sync.Mutex
	silences []amclient.Silence
	alerts   []map[string]string // firing alerts' labels
	requests []string            // "METHOD path" of every request
	auth     []string            // Authorization header of every request
	fail     int                 // status answered to every request when not 0
	now      func() time.Time
}

// NewServer starts a fake Alertmanager; it is closed when the test ends.
func NewServer(t interface{ Cleanup(func()) }) *Server {
	s := &Server{now: time.Now}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v2/silences", s.create)
	mux.HandleFunc("GET /api/v2/silences", s.list)
	mux.HandleFunc("DELETE /api/v2/silence/{id}", s.expire)
	mux.HandleFunc("GET /api/v2/alerts", s.listAlerts)
	s.Server = httptest.NewServer(s.record(mux))
	t.Cleanup(s.Close)
	return s
}

func (s *Server) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.mu.Lock()
		s.requests = append(s.requests, r.Method+" "+r.URL.Path)
		s.auth = append(s.auth, r.Header.Get("Authorization"))
		fail := s.fail
		s.mu.Unlock()
		if fail != 0 {
			http.Error(w, "failing on purpose", fail)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// Fail makes every request answer code (0: work again).
func (s *Server) Fail(code int) { s.mu.Lock(); s.fail = code; s.mu.Unlock() }

// SetClock sets the clock that decides the silences' states.
func (s *Server) SetClock(now func() time.Time) { s.mu.Lock(); s.now = now; s.mu.Unlock() }

// SetFiring sets the labels of the alerts that fire.
func (s *Server) SetFiring(alerts ...map[string]string) {
	s.mu.Lock()
	s.alerts = alerts
	s.mu.Unlock()
}

// Silences returns every silence the fake holds, with its current state.
func (s *Server) Silences() []amclient.Silence {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make([]amclient.Silence, len(s.silences))
	for i, sil := range s.silences {
		out[i] = s.withState(sil)
	}
	return out
}

// Requests returns "METHOD path" of every request so far.
func (s *Server) Requests() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.requests...)
}

// Auth returns the Authorization header of every request so far.
func (s *Server) Auth() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]string(nil), s.auth...)
}

func (s *Server) withState(sil amclient.Silence) amclient.Silence {
	state := amclient.StateActive
	switch now := s.now(); {
	case !now.Before(sil.EndsAt):
		state = amclient.StateExpired
	case now.Before(sil.StartsAt):
		state = amclient.StatePending
	}
	sil.Status = &amclient.Status{State: state}
	return sil
}

func (s *Server) create(w http.ResponseWriter, r *http.Request) {
	var sil amclient.Silence
	if err := json.NewDecoder(r.Body).Decode(&sil); err != nil || len(sil.Matchers) == 0 || !sil.EndsAt.After(sil.StartsAt) {
		http.Error(w, "bad silence", http.StatusBadRequest)
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	sil.Status = nil
	if i := s.index(sil.ID); sil.ID != "" && i >= 0 {
		s.silences[i].EndsAt, s.silences[i].Comment = sil.EndsAt, sil.Comment
	} else {
		sil.ID = fmt.Sprintf("silence-%d", len(s.silences)+1)
		s.silences = append(s.silences, sil)
	}
	_ = json.NewEncoder(w).Encode(map[string]string{"silenceID": sil.ID})
}

func (s *Server) index(id string) int {
	for i, sil := range s.silences {
		if sil.ID == id {
			return i
		}
	}
	return -1
}

func (s *Server) expire(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	i := s.index(r.PathValue("id"))
	if i < 0 {
		http.Error(w, "silence not found", http.StatusNotFound)
		return
	}
	if s.withState(s.silences[i]).Status.State == amclient.StateExpired {
		http.Error(w, "silence already expired", http.StatusBadRequest)
		return
	}
	s.silences[i].EndsAt = s.now()
}

// list applies equality filters only, which is all amclient's users send.
func (s *Server) list(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []amclient.Silence{}
	for _, sil := range s.silences {
		if matchesFilter(r.URL.Query()["filter"], sil.Matchers) {
			out = append(out, s.withState(sil))
		}
	}
	_ = json.NewEncoder(w).Encode(out)
}

func matchesFilter(filter []string, ms []amclient.Matcher) bool {
	for _, f := range filter {
		found := false
		for _, m := range ms {
			found = found || (m.IsEqual && !m.IsRegex && f == m.Name+`="`+m.Value+`"`)
		}
		if !found {
			return false
		}
	}
	return true
}

func (s *Server) listAlerts(w http.ResponseWriter, r *http.Request) {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := []map[string]any{}
	for _, ls := range s.alerts {
		labels := map[string]string{}
		for k, v := range ls {
			labels[k] = v
		}
		if matchesFilter(r.URL.Query()["filter"], amclient.ExactMatchers(labels)) {
			out = append(out, map[string]any{"labels": labels})
		}
	}
	_ = json.NewEncoder(w).Encode(out)
}
