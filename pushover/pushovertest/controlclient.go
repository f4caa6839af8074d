package pushovertest

import (
	"context"
	"net/http"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// Control drives a fake in another process through its /_fake/ API.
type Control struct {
	// BaseURL is the fake's root ("http://127.0.0.1:8089") or its API URL
	// (ending in "/1/"); either works.
	BaseURL string
	// HTTPClient is used for the calls; nil means http.DefaultClient.
	HTTPClient *http.Client
}

// Messages returns the accepted messages.
func (c *Control) Messages(ctx context.Context) ([]Message, error) {
	var v []Message
	return v, c.call(ctx, http.MethodGet, "messages", nil, &v)
}

// Requests returns the recorded API requests.
func (c *Control) Requests(ctx context.Context) ([]Request, error) {
	var v []Request
	return v, c.call(ctx, http.MethodGet, "requests", nil, &v)
}

// Receipts returns the receipts as of the fake clock's now.
func (c *Control) Receipts(ctx context.Context) ([]Receipt, error) {
	var v []Receipt
	return v, c.call(ctx, http.MethodGet, "receipts", nil, &v)
}

// Stats returns the fake's counters.
func (c *Control) Stats(ctx context.Context) (Stats, error) {
	var v Stats
	return v, c.call(ctx, http.MethodGet, "stats", nil, &v)
}

// Ack acknowledges a receipt as user on device (see Server.Ack).
func (c *Control) Ack(ctx context.Context, receipt, user, device string) error {
	return c.call(ctx, http.MethodPost, "ack", AckRequest{Receipt: receipt, User: user, Device: device}, nil)
}

// Inject queues a fault (see Server.Inject).
func (c *Control) Inject(ctx context.Context, f Fault) error {
	req := FaultRequest{Kind: f.Kind, Endpoint: f.Endpoint, Count: f.Count, Delay: Duration(f.Delay)}
	return c.call(ctx, http.MethodPost, "inject", req, nil)
}

// SetLatency delays every API response by d.
func (c *Control) SetLatency(ctx context.Context, d time.Duration) error {
	return c.call(ctx, http.MethodPost, "latency", LatencyRequest{Latency: Duration(d)}, nil)
}

// SetFailureRate makes a fraction of API requests fail with kind.
func (c *Control) SetFailureRate(ctx context.Context, kind FaultKind, fraction float64) error {
	return c.call(ctx, http.MethodPost, "failure-rate", FailureRateRequest{Kind: kind, Fraction: fraction}, nil)
}

// SetQuota sets the monthly limit and what remains of it.
func (c *Control) SetQuota(ctx context.Context, limit, remaining int) error {
	return c.call(ctx, http.MethodPost, "quota", QuotaRequest{Limit: limit, Remaining: remaining}, nil)
}

// Advance moves the fake clock forward.
func (c *Control) Advance(ctx context.Context, d time.Duration) error {
	return c.call(ctx, http.MethodPost, "advance", AdvanceRequest{Duration: Duration(d)}, nil)
}

// Reset forgets what the fake recorded (see Server.Reset).
func (c *Control) Reset(ctx context.Context) error {
	return c.call(ctx, http.MethodPost, "reset", struct{}{}, nil)
}

func (c *Control) call(ctx context.Context, method, name string, in, out any) error {
	return fakeserver.Call(ctx, c.HTTPClient, c.BaseURL, "/1", "pushovertest", method, name, in, out)
}
