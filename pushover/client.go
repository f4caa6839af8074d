package pushover

import (
	"context"
	"fmt"
	"math/rand/v2"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

// DefaultUserAgent is the User-Agent sent unless WithUserAgent says otherwise.
const DefaultUserAgent = "alertmanager-pushover"

// DefaultAttemptTimeout bounds each HTTP attempt, within the caller's context.
const DefaultAttemptTimeout = 10 * time.Second

// maxJitter is the most random time added to RetryFloor.
const maxJitter = 250 * time.Millisecond

// Observer is told of every API request, for metrics. It must be safe for concurrent use.
type Observer interface {
	// ObserveRequest: endpoint is one of "messages", "receipt", "cancel",
	// "cancel_by_tag", "validate", "sounds", "limits", or one of the Groups
	// API's (see Client.Group); code is the HTTP status,
	// 0 when no response came.
	ObserveRequest(endpoint string, code int, d time.Duration)
	// ObserveLimits is called whenever a response carried the X-Limit-App-* headers.
	ObserveLimits(l Limits)
}

// QueueObserver, when the Observer implements it too, is told about the
// queue for a connection. It must be safe for concurrent use; it is
// called with the queue's lock held, so it must not call the Client.
type QueueObserver interface {
	// ObserveQueue: waiting requests of a priority (cancels count as
	// emergency, receipt polls as high, other endpoints as normal).
	ObserveQueue(p Priority, waiting int)
	// ObserveWait: how long a request of priority p waited for a connection.
	ObserveWait(p Priority, d time.Duration)
	// ObserveDigest: a digest of this many messages was accepted.
	ObserveDigest(messages int)
}

// Option configures a Client.
type Option func(*Client)

// Client talks to the Pushover API with one application token. It is safe
// for concurrent use; it holds at most MaxConcurrent requests in flight and
// pauses RetryFloor after a retryable failure. Requests waiting for a
// connection go by priority (emergencies and cancels first), round-robin
// between recipients within a priority, and move up a rank every aging
// period (WithAging) so that nothing starves; messages to a recipient
// whose queue grows too deep may be folded into a digest (WithDigest).
// Copies made with WithToken or WithDigest share those limits and the queue.
type Client struct {
	token          string
	base           *url.URL
	hc             *http.Client
	userAgent      string
	observer       Observer
	now            func() time.Time
	sleep          func(ctx context.Context, d time.Duration) error
	jitter         func() time.Duration
	maxAttempts    int
	attemptTimeout time.Duration
	gate           *gate
	aging          time.Duration
	digest         Digest
	optErr         error
}

// NewClient returns a client for the app token. Without WithHTTPClient it
// builds its own transport holding at most MaxConcurrent connections.
func NewClient(token string, opts ...Option) (*Client, error) {
	c := &Client{
		userAgent:      DefaultUserAgent,
		now:            time.Now,
		sleep:          clock.Sleep,
		jitter:         func() time.Duration { return rand.N(maxJitter) },
		maxAttempts:    1,
		attemptTimeout: DefaultAttemptTimeout,
		gate:           newGate(),
		aging:          DefaultAging,
	}
	c.base, c.optErr = parseBaseURL(DefaultBaseURL)
	for _, o := range opts {
		o(c)
	}
	if c.optErr != nil {
		return nil, c.optErr
	}
	if !ValidKey(token) {
		return nil, invalid("token", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	c.token = token
	if c.hc == nil {
		c.hc = &http.Client{Transport: newTransport()}
	}
	return c, nil
}

// WithToken returns a copy of c for another app token. The copy shares the
// HTTP client, the concurrency limiter and the post-failure pause, so a
// reloaded configuration cannot exceed Pushover's limits.
func (c *Client) WithToken(token string) (*Client, error) {
	if !ValidKey(token) {
		return nil, invalid("token", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	cp := *c
	cp.token = token
	return &cp, nil
}

func newTransport() *http.Transport {
	t := http.DefaultTransport.(*http.Transport).Clone()
	t.MaxConnsPerHost = MaxConcurrent
	t.MaxIdleConnsPerHost = MaxConcurrent
	return t
}

func parseBaseURL(s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("pushover: base URL must be an absolute http or https URL")
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// WithHTTPClient makes the client use hc (its transport, timeouts and
// proxies). The Client still limits itself to MaxConcurrent requests.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithBaseURL replaces DefaultBaseURL, e.g. with a pushovertest server's URL.
// Endpoint paths are resolved below it, so it may carry a path prefix.
func WithBaseURL(u string) Option {
	return func(c *Client) {
		base, err := parseBaseURL(u)
		if err != nil {
			c.optErr = err
			return
		}
		c.base = base
	}
}

// WithUserAgent sets the User-Agent, e.g. "alertmanager-pushover/1.2.0".
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithObserver reports every request and quota header to o.
func WithObserver(o Observer) Option { return func(c *Client) { c.observer = o } }

// WithClock replaces time.Now, for tests of the post-failure pause.
func WithClock(now func() time.Time) Option { return func(c *Client) { c.now = now } }

// WithSleep replaces the context-aware sleep used to wait out the pause.
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option {
	return func(c *Client) { c.sleep = sleep }
}

// WithMaxAttempts sets how many times a retryable failure is tried in all
// (default 1: no internal retry, since Alertmanager retries the webhook).
// Attempts are at least RetryFloor apart. Permanent errors and 429 are never retried.
func WithMaxAttempts(n int) Option {
	return func(c *Client) {
		if n < 1 {
			n = 1
		}
		c.maxAttempts = n
	}
}

// WithAttemptTimeout bounds each HTTP attempt (default DefaultAttemptTimeout);
// zero leaves only the caller's context.
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *Client) { c.attemptTimeout = d }
}

// WithAging sets how long a request waits before it moves up one rank in
// the queue (default DefaultAging); zero or less: never.
func WithAging(d time.Duration) Option { return func(c *Client) { c.aging = d } }
