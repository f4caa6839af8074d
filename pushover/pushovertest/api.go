package pushovertest

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// endpoints are the names used in records, faults and pushover.Observer.
var endpoints = map[string]bool{
	"messages": true, "receipt": true, "cancel": true, "cancel_by_tag": true,
	"validate": true, "sounds": true, "limits": true,
	"group": true, "group_add_user": true, "group_remove_user": true, "group_disable_user": true, "group_enable_user": true,
}

// route maps a method and a path below /1/ (still escaped) to an endpoint
// and its path argument; "" when nothing matches, which answers 404 HTML.
func route(method, path string) (endpoint, arg string) {
	post, get := method == http.MethodPost, method == http.MethodGet
	seg := strings.Split(path, "/")
	switch {
	case post && path == "messages.json":
		return "messages", ""
	case post && path == "users/validate.json":
		return "validate", ""
	case get && path == "sounds.json":
		return "sounds", ""
	case get && path == "apps/limits.json":
		return "limits", ""
	case post && len(seg) == 3 && seg[0] == "receipts" && seg[1] == "cancel_by_tag" && strings.HasSuffix(seg[2], ".json"):
		arg = strings.TrimSuffix(seg[2], ".json")
		endpoint = "cancel_by_tag"
	case post && len(seg) == 3 && seg[0] == "receipts" && seg[2] == "cancel.json":
		arg, endpoint = seg[1], "cancel"
	case get && len(seg) == 2 && seg[0] == "receipts" && strings.HasSuffix(seg[1], ".json"):
		arg, endpoint = strings.TrimSuffix(seg[1], ".json"), "receipt"
	default:
		if endpoint, arg = groupRoute(post, get, seg); endpoint == "" {
			return "", ""
		}
	}
	arg, err := url.PathUnescape(arg)
	if err != nil || arg == "" {
		return "", ""
	}
	return endpoint, arg
}

func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, path string) {
	s.begin()
	defer s.end()
	s.mu.Lock()
	latency := s.st.latency
	s.mu.Unlock()
	if !s.wait(r.Context(), latency) {
		panic(http.ErrAbortHandler) // the client left or the server is closing: no reply
	}
	endpoint, arg := route(r.Method, path)
	p, err := s.parseParams(r)
	if errors.Is(err, errTooLarge) {
		s.record(r, endpoint, p, "", http.StatusRequestEntityTooLarge)
		writeHTML(w, http.StatusRequestEntityTooLarge, errorPage(http.StatusRequestEntityTooLarge))
		return
	}
	if err != nil || p == nil {
		p = &params{values: map[string]string{}} // an unreadable body holds no parameters
	}
	if endpoint == "" {
		s.record(r, endpoint, p, "", http.StatusNotFound)
		writeNotFound(w)
		return
	}
	s.mu.Lock()
	f := s.st.takeFault(endpoint)
	s.mu.Unlock()
	var kind FaultKind
	if f != nil {
		kind = f.Kind
	}
	idx := s.record(r, endpoint, p, kind, 0)
	if f != nil {
		if done, status := s.applyFault(w, r, f); done {
			s.setStatus(idx, status)
			return
		}
	}
	s.mu.Lock()
	rep := s.handle(endpoint, arg, p)
	s.mu.Unlock()
	if kind == FaultNoLimits {
		for _, h := range []string{"X-Limit-App-Limit", "X-Limit-App-Remaining", "X-Limit-App-Reset"} {
			rep.header.Del(h)
		}
	}
	s.write(w, rep)
	s.setStatus(idx, rep.code)
}

// handle runs an endpoint; the caller holds s.mu.
func (s *Server) handle(endpoint, arg string, p *params) *reply {
	switch endpoint {
	case "messages":
		return s.handleMessages(p)
	case "receipt":
		return s.handleReceipt(p, arg)
	case "cancel":
		return s.handleCancel(p, arg)
	case "cancel_by_tag":
		return s.handleCancelByTag(p, arg)
	case "validate":
		return s.handleValidate(p)
	case "sounds":
		return s.handleSounds(p)
	case "group", "group_add_user", "group_remove_user", "group_disable_user", "group_enable_user":
		return s.handleGroup(endpoint, arg, p)
	default:
		return s.handleLimits(p)
	}
}

func (s *Server) begin() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.stats.InFlight++
	s.st.stats.PeakConcurrentRequests = max(s.st.stats.PeakConcurrentRequests, s.st.stats.InFlight)
}

func (s *Server) end() {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.st.stats.InFlight--
}

func (s *Server) record(r *http.Request, endpoint string, p *params, fault FaultKind, status int) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	req := Request{
		Time: time.Now(), FakeTime: s.st.now(), Method: r.Method, Path: r.URL.Path, Endpoint: endpoint,
		ContentType: r.Header.Get("Content-Type"), UserAgent: r.UserAgent(), Query: r.URL.RawQuery,
		Fault: fault, Status: status, Params: map[string]string{},
	}
	if p != nil {
		req.Params = copyValues(p.values)
	}
	s.st.requests = append(s.st.requests, req)
	return len(s.st.requests) - 1
}

// setStatus completes a recorded request, unless Reset dropped it meanwhile.
func (s *Server) setStatus(idx, status int) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if idx < len(s.st.requests) {
		s.st.requests[idx].Status = status
	}
}
