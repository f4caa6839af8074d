package pushover_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
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

// fakeClock is a clock that moves only when the client sleeps on it.
type fakeClock struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

func newFakeClock() *fakeClock { return &fakeClock{now: time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC)} }

func (c *fakeClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	return ctx.Err()
}

func (c *fakeClock) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}

func (c *fakeClock) options() []pushover.Option {
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
