package groupmetest

import (
	"fmt"
	"net/http"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

// The faults.
const (
	Fault500       FaultKind = "500"       // HTTP 500 with an HTML page
	Fault502       FaultKind = "502"       // HTTP 502 with an HTML page
	Fault503       FaultKind = "503"       // HTTP 503 with an HTML page
	Fault503JSON   FaultKind = "503json"   // HTTP 503 with the error envelope
	Fault400       FaultKind = "400"       // HTTP 400 with the error envelope
	Fault401       FaultKind = "401"       // HTTP 401 "unauthorized"
	Fault404       FaultKind = "404"       // HTTP 404 "Not Found", as for an unknown bot id
	Fault420       FaultKind = "420"       // HTTP 420 Enhance Your Calm, GroupMe's documented rate limit
	Fault429       FaultKind = "429"       // HTTP 429 Too Many Requests
	FaultMalformed FaultKind = "malformed" // 2xx with a truncated JSON body
	FaultEmpty     FaultKind = "empty"     // 2xx with an empty body
	FaultSlow      FaultKind = "slow"      // handled normally after Delay, unless the client gives up
	FaultHang      FaultKind = "hang"      // no answer until the client gives up
	FaultClose     FaultKind = "close"     // the connection is closed without an answer
)

var faultKinds = map[FaultKind]bool{
	Fault500: true, Fault502: true, Fault503: true, Fault503JSON: true, Fault400: true, Fault401: true,
	Fault404: true, Fault420: true, Fault429: true, FaultMalformed: true, FaultEmpty: true,
	FaultSlow: true, FaultHang: true, FaultClose: true,
}

// Fault is a failure for the next Count requests (default 1) of Endpoint
// (EndpointPost, EndpointPictures, EndpointBots, or "" for any).
type Fault struct {
	Kind       FaultKind
	Endpoint   string
	Count      int
	Delay      time.Duration // for FaultSlow
	RetryAfter time.Duration // for Fault420 and Fault429: a Retry-After header
}

func (f Fault) validate() error {
	if !faultKinds[f.Kind] {
		return fmt.Errorf("groupmetest: unknown fault kind %q", f.Kind)
	}
	if f.Endpoint != "" && f.Endpoint != EndpointPost && f.Endpoint != EndpointPictures && f.Endpoint != EndpointBots {
		return fmt.Errorf("groupmetest: unknown endpoint %q", f.Endpoint)
	}
	if f.Count < 0 {
		return fmt.Errorf("groupmetest: negative count")
	}
	return nil
}

// Inject queues a fault. It panics on an unknown kind or endpoint.
func (s *Server) Inject(f Fault) {
	if err := f.validate(); err != nil {
		panic(err)
	}
	f.Count = max(f.Count, 1)
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.faults.Add(f.Endpoint, f.Count, f)
}

// FailNext makes the next n requests of endpoint ("" for any) fail with kind.
func (s *Server) FailNext(n int, endpoint string, kind FaultKind) {
	s.Inject(Fault{Kind: kind, Endpoint: endpoint, Count: n})
}

// takeFault pops the first queued fault for endpoint, if any.
func (st *state) takeFault(endpoint string) *Fault {
	if f, ok := st.faults.Take(endpoint); ok {
		return &f
	}
	return nil
}

// wait sleeps d of real time; false if the request or the server ended first.
func (s *Server) wait(r *http.Request, d time.Duration) bool { return s.gate.Wait(r.Context(), d) }

// applyFault answers with the fault and reports true, or reports false
// when the request is to be handled normally (after a slow delay).
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) (done bool, status int) {
	ok := http.StatusOK
	if r.URL.Path == "/v3/bots/post" {
		ok = s.cfg.postStatus
	}
	switch f.Kind {
	case Fault500, Fault502, Fault503:
		code := map[FaultKind]int{Fault500: 500, Fault502: 502, Fault503: 503}[f.Kind]
		writeHTML(w, code)
		return true, code
	case Fault503JSON:
		writeEnvelope(w, 503, "Service Unavailable")
		return true, 503
	case Fault400, Fault401, Fault404, Fault420, Fault429:
		code := map[FaultKind]int{Fault400: 400, Fault401: 401, Fault404: 404, Fault420: 420, Fault429: 429}[f.Kind]
		text := map[int]string{400: "Bad Request", 401: "unauthorized", 404: "Not Found", 420: "Enhance Your Calm", 429: "Too Many Requests"}[code]
		(&reply{code: code, errors: []string{text}, retryAfter: f.RetryAfter}).write(w)
		return true, code
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(ok)
		_, _ = w.Write([]byte(`{"payload":`))
		return true, ok
	case FaultEmpty:
		w.WriteHeader(ok)
		return true, ok
	case FaultSlow:
		if !s.wait(r, f.Delay) {
			panic(http.ErrAbortHandler)
		}
		return false, 0
	case FaultHang:
		s.wait(r, 24*time.Hour)
		panic(http.ErrAbortHandler)
	case FaultClose:
		if hj, ok := w.(http.Hijacker); ok {
			if conn, _, err := hj.Hijack(); err == nil {
				_ = conn.Close()
			}
		}
		return true, 0
	}
	return false, 0
}

// QueuedFaults returns how many injected failures are still to come.
func (s *Server) QueuedFaults() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.st.faults.Pending()
}
