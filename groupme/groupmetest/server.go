package groupmetest

import (
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Server is a fake GroupMe listening on a local port.
type Server struct {
	// URL is the API base URL, e.g. "http://127.0.0.1:41234/v3/"; give it
	// to groupme.WithAPIURL.
	URL string
	// ImageURL is the image service's base URL, e.g.
	// "http://127.0.0.1:41234/image/"; give it to groupme.WithImageURL.
	ImageURL string
	// Listener may be replaced before Start, as with httptest.
	Listener net.Listener
	// Config is the http.Server, which may be changed before Start.
	Config *http.Server

	cfg  config
	gate *fakeserver.Gate

	mu sync.Mutex
	st state
}

// New starts a server and closes it when the test ends.
func New(tb testing.TB, opts ...Option) *Server {
	tb.Helper()
	s := NewServer(opts...)
	tb.Cleanup(s.Close)
	return s
}

// NewServer starts and returns a server on 127.0.0.1. The caller must Close it.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a server, listening but not serving, so that
// its Listener or Config can be changed before Start.
func NewUnstartedServer(opts ...Option) *Server {
	s := &Server{Listener: fakeserver.ListenLocal("groupmetest"), gate: fakeserver.NewGate(), cfg: defaultConfig()}
	for _, o := range opts {
		o(&s.cfg)
	}
	s.st = newState(s.cfg.latency)
	if s.cfg.demo {
		s.AddBot(DemoBotID, DemoGroupID)
		s.AddAccessToken(DemoAccessToken)
	}
	s.Config = &http.Server{Handler: s.Handler(), ReadHeaderTimeout: 10 * time.Second}
	return s
}

// Start serves on the Listener.
func (s *Server) Start() {
	if s.URL != "" {
		panic("groupmetest: server already started")
	}
	s.URL = s.RootURL() + "/v3/"
	s.ImageURL = s.RootURL() + "/image/"
	go func() { _ = s.Config.Serve(s.Listener) }()
}

// RootURL is the server's URL without a path, e.g. for Control.
func (s *Server) RootURL() string { return "http://" + s.Listener.Addr().String() }

// Close stops the server, ends hanging requests and waits for handlers.
func (s *Server) Close() {
	s.gate.Close(func() {
		_ = s.Config.Close()
		_ = s.Listener.Close()
	})
}

// Handler returns the server's handler, for mounting in another server.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if s.gate.Enter() { // else Close has begun: served, but not waited for
		defer s.gate.Exit()
	}
	switch p := r.URL.EscapedPath(); {
	case p == "/v3/bots/post":
		s.serveAPI(w, r, EndpointPost, http.MethodPost, s.handlePost)
	case p == "/v3/bots":
		s.serveAPI(w, r, EndpointBots, http.MethodGet, s.handleBots)
	case p == "/image/pictures":
		s.serveAPI(w, r, EndpointPictures, http.MethodPost, s.handleUpload)
	case strings.HasPrefix(p, "/i/"):
		s.servePicture(w, r, strings.TrimPrefix(p, "/i/"))
	case strings.HasPrefix(p, "/_fake/"):
		s.serveControl(w, r, strings.TrimPrefix(p, "/_fake/"))
	default:
		writeEnvelope(w, http.StatusNotFound, "Not Found")
	}
}

// serveAPI applies latency and faults, then the handler, and records the request.
func (s *Server) serveAPI(w http.ResponseWriter, r *http.Request, endpoint, method string, h func(*http.Request) *reply) {
	s.mu.Lock()
	latency := s.st.latency
	f := s.st.takeFault(endpoint)
	s.mu.Unlock()
	rec := Request{Method: r.Method, Path: r.URL.Path, Endpoint: endpoint, At: s.cfg.now()}
	defer func() { s.mu.Lock(); s.st.requests = append(s.st.requests, rec); s.mu.Unlock() }()
	if !s.wait(r, latency) {
		panic(http.ErrAbortHandler)
	}
	if f != nil {
		if done, status := s.applyFault(w, r, f); done {
			rec.Status, rec.Fault = status, string(f.Kind)
			return
		}
	}
	var rp *reply
	if r.Method != method {
		rp = fail(http.StatusNotFound, "Not Found")
	} else {
		rp = h(r)
	}
	rec.Status = rp.code
	rp.write(w)
}
