package ha

import (
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"
)

// proxy is a round-robin reverse proxy in front of the replicas, as a
// Kubernetes Service is: each request goes to the next backend, or to the
// pinned one while a test pins one. A backend that is down answers 502
// (Alertmanager retries).
type proxy struct {
	url      string
	backends []*httputil.ReverseProxy
	next     atomic.Uint64
	pinned   atomic.Int64 // index+1 of the pinned backend; 0: round robin
	served   []atomic.Int64
	refused  []atomic.Int64 // requests a backend did not take (it was down)
}

func startProxy(t *testing.T, backends ...string) *proxy {
	t.Helper()
	p := &proxy{served: make([]atomic.Int64, len(backends)), refused: make([]atomic.Int64, len(backends))}
	for i, b := range backends {
		u, err := url.Parse(b)
		require.NoError(t, err)
		rp := httputil.NewSingleHostReverseProxy(u)
		rp.ErrorHandler = func(w http.ResponseWriter, _ *http.Request, _ error) {
			p.refused[i].Add(1)
			w.WriteHeader(http.StatusBadGateway)
		}
		p.backends = append(p.backends, rp)
	}
	srv := httptest.NewServer(p)
	t.Cleanup(srv.Close)
	p.url = srv.URL
	return p
}

func (p *proxy) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	i := int(p.next.Add(1) % uint64(len(p.backends)))
	if pin := p.pinned.Load(); pin > 0 {
		i = int(pin - 1)
	}
	p.served[i].Add(1)
	p.backends[i].ServeHTTP(w, r)
}

// pin sends every request to backend i until unpin.
func (p *proxy) pin(i int) { p.pinned.Store(int64(i + 1)) }

// unpin goes back to round robin.
func (p *proxy) unpin() { p.pinned.Store(0) }
