package pushovertest

import (
	"context"
	"fmt"
	"net/http"
	"sort"
	"time"
)

// FaultKind names an injected failure.
type FaultKind string

// The faults of §6.7.
const (
	Fault500       FaultKind = "500"      // HTTP 500 with an HTML page
	Fault502       FaultKind = "502"      // HTTP 502 with an HTML page
	Fault503       FaultKind = "503"      // HTTP 503 with an HTML page
	Fault504       FaultKind = "504"      // HTTP 504 with an HTML page
	Fault503JSON   FaultKind = "503json"  // HTTP 503 with a JSON body
	FaultStatus0   FaultKind = "status0"  // HTTP 200 with status 0
	FaultNoLimits  FaultKind = "nolimits" // handled normally, without the X-Limit-App-* headers
	FaultMalformed FaultKind = "malformed"
	FaultEmpty     FaultKind = "empty" // HTTP 200 with an empty body
	Fault429       FaultKind = "429"
	FaultSlow      FaultKind = "slow" // handled normally after Delay, unless the client gives up
	// FaultLate is handled normally after Delay even when the client gave
	// up meanwhile, as Pushover does: the message is accepted all the same.
	FaultLate  FaultKind = "late"
	FaultHang  FaultKind = "hang"  // no answer until the client cancels
	FaultClose FaultKind = "close" // the connection is closed without a response
)

var faultKinds = map[FaultKind]bool{
	Fault500: true, Fault502: true, Fault503: true, Fault504: true, Fault503JSON: true,
	FaultStatus0: true, FaultNoLimits: true, FaultMalformed: true, FaultEmpty: true,
	Fault429: true, FaultSlow: true, FaultHang: true, FaultClose: true, FaultLate: true,
}

// Fault is a failure to inject into the next Count requests (default 1) of
// Endpoint ("messages", "receipt", "cancel", "cancel_by_tag", "validate",
// "sounds", "limits"; empty for any).
type Fault struct {
	Kind     FaultKind
	Endpoint string
	Count    int
	Delay    time.Duration // for FaultSlow and FaultLate
}

func (f Fault) validate() error {
	if !faultKinds[f.Kind] {
		return fmt.Errorf("pushovertest: unknown fault kind %q", f.Kind)
	}
	if f.Endpoint != "" && !endpoints[f.Endpoint] {
		return fmt.Errorf("pushovertest: unknown endpoint %q", f.Endpoint)
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

// SetFailureRate makes a fraction (0 to 1) of all API requests fail with
// kind, drawn from the server's seeded random source. Zero turns it off.
func (s *Server) SetFailureRate(kind FaultKind, fraction float64) {
	if !faultKinds[kind] {
		panic(fmt.Sprintf("pushovertest: unknown fault kind %q", kind))
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if fraction <= 0 {
		delete(s.st.rates, kind)
		return
	}
	s.st.rates[kind] = fraction
}

// takeFault pops the fault for a request to endpoint, if any: queued faults
// first, then the failure rates.
func (st *state) takeFault(endpoint string) *Fault {
	if f, ok := st.faults.Take(endpoint); ok {
		return &f
	}
	kinds := make([]string, 0, len(st.rates))
	for k := range st.rates {
		kinds = append(kinds, string(k))
	}
	sort.Strings(kinds)
	for _, k := range kinds {
		if st.rng.Float64() < st.rates[FaultKind(k)] {
			return &Fault{Kind: FaultKind(k)}
		}
	}
	return nil
}

// wait sleeps d of real time; false if the request or the server ended first.
func (s *Server) wait(ctx context.Context, d time.Duration) bool { return s.gate.Wait(ctx, d) }

// applyFault answers with the fault and reports true, or reports false when
// the request should be handled normally (after a slow delay, or for
// FaultNoLimits). status is what was written, 0 for none.
func (s *Server) applyFault(w http.ResponseWriter, r *http.Request, f *Fault) (done bool, status int) {
	switch f.Kind {
	case Fault500, Fault502, Fault503, Fault504:
		code := map[FaultKind]int{Fault500: 500, Fault502: 502, Fault503: 503, Fault504: 504}[f.Kind]
		writeHTML(w, code, errorPage(code))
		return true, code
	case Fault503JSON:
		s.write(w, fail(http.StatusServiceUnavailable, nil, "service temporarily unavailable, please retry later"))
		return true, http.StatusServiceUnavailable
	case FaultStatus0:
		s.write(w, fail(http.StatusOK, object{{"message", "injected"}}, "injected failure with status 0"))
		return true, http.StatusOK
	case FaultMalformed:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		_, _ = w.Write([]byte(`{"status":1,"request":`))
		return true, http.StatusOK
	case FaultEmpty:
		w.Header().Set("Content-Type", "application/json; charset=utf-8")
		w.WriteHeader(http.StatusOK)
		return true, http.StatusOK
	case Fault429:
		s.mu.Lock()
		h := s.st.limitHeaders()
		s.mu.Unlock()
		h.Set("X-Limit-App-Remaining", "0")
		s.write(w, &reply{code: http.StatusTooManyRequests, body: object{{"errors", []string{"application has reached its monthly message limit"}}}, header: h})
		return true, http.StatusTooManyRequests
	case FaultSlow:
		if !s.wait(r.Context(), f.Delay) {
			panic(http.ErrAbortHandler) // no reply at all
		}
		return false, 0
	case FaultLate:
		if !s.wait(context.WithoutCancel(r.Context()), f.Delay) {
			panic(http.ErrAbortHandler) // the server closed
		}
		return false, 0
	case FaultHang:
		s.wait(r.Context(), 24*time.Hour)
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
