package pushover_test

import (
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

const (
	token = pushovertest.DemoToken
	user  = pushovertest.DemoUser
	group = pushovertest.DemoGroup
)

func newFake(t *testing.T, opts ...pushovertest.Option) *pushovertest.Server {
	return pushovertest.New(t, append([]pushovertest.Option{pushovertest.WithDemoAccount()}, opts...)...)
}

func newClient(t *testing.T, s *pushovertest.Server, opts ...pushover.Option) *pushover.Client {
	t.Helper()
	c, err := pushover.NewClient(token, append([]pushover.Option{pushover.WithBaseURL(s.URL)}, opts...)...)
	require.NoError(t, err)
	return c
}

func hello() *pushover.Message {
	return &pushover.Message{Users: []string{user}, Message: "hello"}
}

func emergency(tags ...string) *pushover.Message {
	return &pushover.Message{Users: []string{user}, Message: "disk full", Priority: pushover.PriorityEmergency,
		Retry: time.Minute, Expire: time.Hour, Tags: tags}
}

// newFakeClock returns a clock that moves only when the client sleeps on it.
func newFakeClock() *clock.Manual {
	return clock.NewManual(time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC))
}

// clockOptions makes a client read and sleep on c.
func clockOptions(c *clock.Manual) []pushover.Option {
	return []pushover.Option{pushover.WithClock(c.Now), pushover.WithSleep(c.Sleep)}
}

// observer records what a Client reports.
type observer struct {
	mu       sync.Mutex
	requests []string
	codes    []int
	limits   []pushover.Limits
}

func (o *observer) ObserveRequest(endpoint string, code int, _ time.Duration) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.requests = append(o.requests, endpoint)
	o.codes = append(o.codes, code)
}

func (o *observer) ObserveLimits(l pushover.Limits) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.limits = append(o.limits, l)
}

// pushovertestServer serves h on a local port for the test's duration.
func pushovertestServer(t *testing.T, h http.Handler) string {
	t.Helper()
	srv := httptest.NewServer(h)
	t.Cleanup(srv.Close)
	return srv.URL
}

// pushovertestHTTPClient allows many connections per host.
func pushovertestHTTPClient() *http.Client {
	return &http.Client{Transport: &http.Transport{MaxConnsPerHost: 100, MaxIdleConnsPerHost: 100}}
}
