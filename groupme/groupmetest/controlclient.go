package groupmetest

import (
	"context"
	"net/http"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Control drives a fake in another process through its /_fake/ API.
type Control struct {
	// BaseURL is the fake's root ("http://127.0.0.1:8090"), or its API URL
	// (ending in "/v3/"); either works.
	BaseURL string
	// HTTPClient is used for the calls; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// Posts returns the accepted posts.
func (c *Control) Posts(ctx context.Context) ([]Post, error) {
	var v []Post
	return v, c.call(ctx, http.MethodGet, "posts", nil, &v)
}

// Requests returns the recorded API requests.
func (c *Control) Requests(ctx context.Context) ([]Request, error) {
	var v []Request
	return v, c.call(ctx, http.MethodGet, "requests", nil, &v)
}

// Pictures returns the stored pictures.
func (c *Control) Pictures(ctx context.Context) ([]Picture, error) {
	var v []Picture
	return v, c.call(ctx, http.MethodGet, "pictures", nil, &v)
}

// Inject queues a fault (see Server.Inject).
func (c *Control) Inject(ctx context.Context, f Fault) error {
	req := FaultRequest{Kind: f.Kind, Endpoint: f.Endpoint, Count: f.Count,
		Delay: Duration(f.Delay), RetryAfter: Duration(f.RetryAfter)}
	return c.call(ctx, http.MethodPost, "inject", req, nil)
}

// AddBot registers a bot (see Server.AddBot).
func (c *Control) AddBot(ctx context.Context, botID, groupID string) error {
	return c.call(ctx, http.MethodPost, "bots", BotRequest{BotID: botID, GroupID: groupID}, nil)
}

// AddAccessToken registers an access token (see Server.AddAccessToken).
func (c *Control) AddAccessToken(ctx context.Context, token string) error {
	return c.call(ctx, http.MethodPost, "tokens", TokenRequest{AccessToken: token}, nil)
}

// SetLatency delays every API answer by d.
func (c *Control) SetLatency(ctx context.Context, d time.Duration) error {
	return c.call(ctx, http.MethodPost, "latency", LatencyRequest{Latency: Duration(d)}, nil)
}

// Reset forgets what the fake recorded (see Server.Reset).
func (c *Control) Reset(ctx context.Context) error {
	return c.call(ctx, http.MethodPost, "reset", struct{}{}, nil)
}

func (c *Control) call(ctx context.Context, method, name string, in, out any) error {
	return fakeserver.Call(ctx, c.HTTPClient, c.BaseURL, "/v3", "groupmetest", method, name, in, out)
}
