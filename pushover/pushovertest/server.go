package pushovertest

import (
	"math/rand/v2"
	"net"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Server is a fake Pushover API listening on a local port.
type Server struct {
	// URL is the API base URL, e.g. "http://127.0.0.1:41234/1/"; give it to
	// pushover.WithBaseURL. The control API is at the same host under /_fake/.
	URL string
	// Listener may be replaced before Start, as with httptest.
	Listener net.Listener
	// Config is the http.Server, which may be changed before Start.
	Config *http.Server

	cfg      config
	callback *http.Client
	gate     *fakeserver.Gate

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

// NewServer starts and returns a new server on 127.0.0.1. The caller must Close it.
func NewServer(opts ...Option) *Server {
	s := NewUnstartedServer(opts...)
	s.Start()
	return s
}

// NewUnstartedServer returns a server, listening but not serving, so that
// its Listener or Config can be changed before Start.
func NewUnstartedServer(opts ...Option) *Server {
	s := &Server{Listener: fakeserver.ListenLocal("pushovertest"), gate: fakeserver.NewGate(), callback: &http.Client{Timeout: 5 * time.Second}}
	s.cfg = defaultConfig()
	for _, o := range opts {
		o(&s.cfg)
	}
	if s.cfg.callbackClient != nil {
		s.callback = s.cfg.callbackClient
	}
	s.st = newState(&s.cfg, rand.New(rand.NewPCG(s.cfg.seed, s.cfg.seed)))
	if s.cfg.demo {
		s.seedDemo()
	}
	s.Config = &http.Server{Handler: s.Handler(), ConnState: s.connState, ReadHeaderTimeout: 10 * time.Second}
	return s
}

// Start serves on the Listener.
func (s *Server) Start() {
	if s.URL != "" {
		panic("pushovertest: server already started")
	}
	s.URL = "http://" + s.Listener.Addr().String() + "/1/"
	go func() { _ = s.Config.Serve(s.Listener) }()
}

// RootURL is the server's URL without the /1/ API path, e.g. for Control.
func (s *Server) RootURL() string { return "http://" + s.Listener.Addr().String() }

// Close stops the server, ends hanging requests and waits for handlers.
func (s *Server) Close() {
	s.gate.Close(func() {
		_ = s.Config.Close()
		_ = s.Listener.Close()
	})
}

// Handler returns the server's handler (API under /1/, control under
// /_fake/), for mounting in another server.
func (s *Server) Handler() http.Handler { return http.HandlerFunc(s.serve) }

func (s *Server) serve(w http.ResponseWriter, r *http.Request) {
	if !s.gate.Enter() {
		panic(http.ErrAbortHandler) // the server is closing: no reply
	}
	defer s.gate.Exit()
	switch p := r.URL.EscapedPath(); {
	case len(p) >= 3 && p[:3] == "/1/":
		s.serveAPI(w, r, p[3:])
	case len(p) >= 7 && p[:7] == "/_fake/":
		s.serveControl(w, r, p[7:])
	default:
		writeNotFound(w)
	}
}

// connState counts connections for PeakConnections and ConnectionsOpened.
func (s *Server) connState(_ net.Conn, cs http.ConnState) {
	s.mu.Lock()
	defer s.mu.Unlock()
	switch cs {
	case http.StateNew:
		s.st.stats.ConnectionsOpened++
		s.st.stats.OpenConnections++
		s.st.stats.PeakConnections = max(s.st.stats.PeakConnections, s.st.stats.OpenConnections)
	case http.StateClosed, http.StateHijacked:
		s.st.stats.OpenConnections--
	}
}
