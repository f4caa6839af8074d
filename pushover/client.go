package pushover

import (
	"context"
	"net/http"
	"time"
)

// Observer is told of every API request, for metrics. It must be safe for concurrent use.
type Observer interface {
	// ObserveRequest: endpoint is one of "messages", "receipt", "cancel",
	// "cancel_by_tag", "validate", "sounds", "limits"; code is the HTTP status,
	// 0 when no response came.
	ObserveRequest(endpoint string, code int, d time.Duration)
	// ObserveLimits is called whenever a response carried the X-Limit-App-* headers.
	ObserveLimits(l Limits)
}

// Option configures a Client.
type Option func(*Client)

// Client talks to the Pushover API with one application token.
type Client struct{}

// NewClient returns a client for the app token.
func NewClient(token string, opts ...Option) (*Client, error) { panic("unimplemented") }

// WithHTTPClient, WithBaseURL, WithUserAgent, WithObserver, WithClock, WithSleep: see their docs.
func WithHTTPClient(hc *http.Client) Option                                   { panic("unimplemented") }
func WithBaseURL(u string) Option                                             { panic("unimplemented") }
func WithUserAgent(ua string) Option                                          { panic("unimplemented") }
func WithObserver(o Observer) Option                                          { panic("unimplemented") }
func WithClock(now func() time.Time) Option                                   { panic("unimplemented") }
func WithSleep(sleep func(ctx context.Context, d time.Duration) error) Option { panic("unimplemented") }
func WithMaxAttempts(n int) Option                                            { panic("unimplemented") }

func (c *Client) Send(ctx context.Context, m *Message) (*Response, error) { panic("unimplemented") }
func (c *Client) Receipt(ctx context.Context, receipt string) (*Receipt, error) {
	panic("unimplemented")
}
func (c *Client) Cancel(ctx context.Context, receipt string) error         { panic("unimplemented") }
func (c *Client) CancelByTag(ctx context.Context, tag string) (int, error) { panic("unimplemented") }
func (c *Client) Validate(ctx context.Context, user, device string) (*Validation, error) {
	panic("unimplemented")
}
func (c *Client) Sounds(ctx context.Context) (map[string]string, error) { panic("unimplemented") }
func (c *Client) Limits(ctx context.Context) (*Limits, error)           { panic("unimplemented") }
