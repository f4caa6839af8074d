package groupme

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// Observer is told of every request the client makes, for metrics. It
// must be safe for concurrent use. Metrics implements it.
type Observer interface {
	// ObserveRequest: endpoint is EndpointPost, EndpointPictures or EndpointBots; outcome
	// is one of the Outcome constants.
	ObserveRequest(endpoint, outcome string, d time.Duration)
}

// The outcomes an Observer sees.
const (
	OutcomeSuccess     = "success"
	OutcomeRefused     = "refused"      // APIError
	OutcomeRateLimited = "rate_limited" // RateLimitedError
	OutcomeTemporary   = "temporary"    // TemporaryError
)

// Option configures a Client.
type Option func(*Client)

// Client talks to GroupMe's Bot API and, with an access token, its image
// service. It is safe for concurrent use. It makes one attempt per call:
// the caller (Alertmanager, through the webhook's status code) retries.
type Client struct {
	api, image  *url.URL
	hc          *http.Client
	accessToken string
	userAgent   string
	timeout     time.Duration
	observer    Observer
	optErr      error
}

// NewClient returns a client for GroupMe's public endpoints, changed by opts.
func NewClient(opts ...Option) (*Client, error) {
	c := &Client{userAgent: DefaultUserAgent, timeout: DefaultTimeout}
	c.api, c.optErr = parseBaseURL("api", DefaultAPIURL)
	c.image, _ = parseBaseURL("image", DefaultImageURL)
	for _, o := range opts {
		o(c)
	}
	if c.optErr != nil {
		return nil, c.optErr
	}
	c.hc = noRedirects(c.hc)
	return c, nil
}

// noRedirects returns a copy of hc (or of a default client) that never
// follows a redirect: a redirect would carry the bot id in the body, or
// the access token in X-Access-Token, to whatever host it names.
func noRedirects(hc *http.Client) *http.Client {
	var cp http.Client
	if hc != nil {
		cp = *hc
	}
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

func parseBaseURL(which, s string) (*url.URL, error) {
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.User != nil {
		return nil, fmt.Errorf("groupme: %s URL must be an absolute http or https URL without credentials", which)
	}
	if !strings.HasSuffix(u.Path, "/") {
		u.Path += "/"
		u.RawPath = ""
	}
	u.RawQuery, u.Fragment = "", ""
	return u, nil
}

// WithHTTPClient makes the client use hc's transport and timeouts. The
// client works on a copy that never follows redirects.
func WithHTTPClient(hc *http.Client) Option { return func(c *Client) { c.hc = hc } }

// WithAPIURL replaces DefaultAPIURL, e.g. with a groupmetest server's URL.
// Paths are resolved below it, so it may carry a path prefix.
func WithAPIURL(u string) Option { return func(c *Client) { c.setURL(&c.api, "api", u) } }

// WithImageURL replaces DefaultImageURL, e.g. with a groupmetest server's ImageURL.
func WithImageURL(u string) Option { return func(c *Client) { c.setURL(&c.image, "image", u) } }

func (c *Client) setURL(dst **url.URL, which, s string) {
	u, err := parseBaseURL(which, s)
	if err != nil {
		c.optErr = err
		return
	}
	*dst = u
}

// WithAccessToken sets the access token that uploads need. Posting as a
// bot needs none: the bot id is the credential.
func WithAccessToken(token string) Option { return func(c *Client) { c.accessToken = token } }

// WithUserAgent sets the User-Agent, e.g. "alertmanager-pushover/1.2.0".
func WithUserAgent(ua string) Option { return func(c *Client) { c.userAgent = ua } }

// WithTimeout bounds each request (default DefaultTimeout); zero leaves
// only the caller's context.
func WithTimeout(d time.Duration) Option { return func(c *Client) { c.timeout = d } }

// WithObserver reports every request to o.
func WithObserver(o Observer) Option { return func(c *Client) { c.observer = o } }

// CanUpload reports whether the client has an access token for the image service.
func (c *Client) CanUpload() bool { return c.accessToken != "" }
