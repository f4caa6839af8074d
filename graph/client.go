package graph

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"
)

// Bounds on one query.
const (
	// MaxAnswerBytes is the most of a query_range answer that is read.
	MaxAnswerBytes = 1 << 20
	// Points is about how many points per series a query asks for.
	Points = 300
)

// userAgent is sent to Prometheus.
const userAgent = "alertmanager-pushover-graph"

// Client runs query_range against the configured Prometheus.
type Client struct {
	endpoint string // <url>/api/v1/query_range
	http     *http.Client
	maxBytes int64
}

// NewClient returns a client for cfg's Prometheus, authenticating and
// dialing as cfg.HTTPClientConfig says. cfg must be valid and enabled.
func NewClient(cfg Config) (*Client, error) {
	if !cfg.Enabled() {
		return nil, fmt.Errorf("prometheus: url: %w: not set", ErrInvalid)
	}
	hc, err := commoncfg.NewClientFromConfig(cfg.HTTPClientConfig, "prometheus", commoncfg.WithUserAgent(userAgent))
	if err != nil {
		return nil, fmt.Errorf("prometheus: %w", err)
	}
	u, err := url.Parse(cfg.URL)
	if err != nil {
		return nil, fmt.Errorf("prometheus: url: %w: not a URL", ErrInvalid)
	}
	u = u.JoinPath("api/v1/query_range")
	return &Client{endpoint: u.String(), http: hc, maxBytes: MaxAnswerBytes}, nil
}

// Step returns the query_range step that gives about Points points over
// window, in whole seconds, at least one second.
func Step(window time.Duration) time.Duration {
	step := (window + Points - 1) / Points
	step = (step + time.Second - 1).Truncate(time.Second)
	return max(step, time.Second)
}

// QueryRange evaluates expr from start to end every step. The query goes
// in a POST body, never in the URL. Failures are *Error: timeout,
// unreachable, query_error, too_large or empty.
func (c *Client) QueryRange(ctx context.Context, expr string, start, end time.Time, step time.Duration) (model.Matrix, error) {
	form := url.Values{
		"query": {expr},
		"start": {formatTime(start)},
		"end":   {formatTime(end)},
		"step":  {strconv.FormatFloat(step.Seconds(), 'f', -1, 64)},
	}
	if dl, ok := ctx.Deadline(); ok { // let Prometheus give up when we do
		if left := time.Until(dl); left > 0 {
			form.Set("timeout", strconv.FormatFloat(left.Seconds(), 'f', 3, 64))
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.endpoint, strings.NewReader(form.Encode()))
	if err != nil {
		return nil, fail(ReasonUnreachable, "building the request: %w", err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Accept", "application/json")
	resp, err := c.http.Do(req)
	if err != nil {
		return nil, transportError(ctx, err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(io.LimitReader(resp.Body, c.maxBytes+1))
	if err != nil {
		return nil, transportError(ctx, err)
	}
	if int64(len(body)) > c.maxBytes {
		return nil, fail(ReasonTooLarge, "query_range answer is over %d bytes", c.maxBytes)
	}
	return DecodeAnswer(resp.StatusCode, body)
}

func formatTime(t time.Time) string {
	return strconv.FormatFloat(float64(t.UnixMilli())/1000, 'f', 3, 64)
}

// transportError classifies a failed request or read: past the deadline
// it is a timeout, else Prometheus is unreachable. Only the cause is kept,
// not *url.Error's text, which repeats the URL.
func transportError(ctx context.Context, err error) *Error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(ctx.Err(), context.DeadlineExceeded) || errors.Is(err, context.DeadlineExceeded) {
		return &Error{Reason: ReasonTimeout, Err: fmt.Errorf("query_range: %w", context.DeadlineExceeded)}
	}
	if ctx.Err() != nil {
		return &Error{Reason: ReasonTimeout, Err: fmt.Errorf("query_range: %w", ctx.Err())}
	}
	return &Error{Reason: ReasonUnreachable, Err: fmt.Errorf("query_range: %w", err)}
}
