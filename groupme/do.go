package groupme

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// call is one request, ready to send.
type call struct {
	method      string // "" for POST
	endpoint    string
	url         string
	body        []byte
	contentType string
	header      http.Header // extra headers (the access token)
	secrets     []string    // values never to show in an error
	// check, when set, vets a 2xx answer's body before the outcome is
	// observed; its error is the call's.
	check func(*answer) error
}

// answer is a response with a 2xx status.
type answer struct {
	status int
	body   []byte
}

// do sends cl once and classifies the outcome.
func (c *Client) do(ctx context.Context, cl *call) (*answer, error) {
	if err := ctx.Err(); err != nil {
		return nil, &TemporaryError{Endpoint: cl.endpoint, Err: err}
	}
	if c.timeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.timeout)
		defer cancel()
	}
	req, err := cl.request(ctx)
	if err != nil {
		return nil, invalid("url", "cannot build the request")
	}
	for k, v := range cl.header {
		req.Header[k] = v
	}
	req.Header["User-Agent"] = []string{c.userAgent}
	req.Header["Accept"] = []string{"application/json"}
	if cl.contentType != "" {
		req.Header["Content-Type"] = []string{cl.contentType}
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		err = &TemporaryError{Endpoint: cl.endpoint, Err: scrub(transportCause(err), cl.secrets)}
		c.observe(cl.endpoint, err, time.Since(start))
		return nil, err
	}
	data, rerr := readBody(resp.Body)
	a, err := classify(cl, resp, data, rerr)
	if err == nil && cl.check != nil {
		err = cl.check(a)
	}
	c.observe(cl.endpoint, err, time.Since(start))
	return a, err
}

// request builds the HTTP request of cl: a POST with its body, or a GET.
func (cl *call) request(ctx context.Context) (*http.Request, error) {
	if cl.method == http.MethodGet {
		return http.NewRequestWithContext(ctx, http.MethodGet, cl.url, nil)
	}
	return http.NewRequestWithContext(ctx, http.MethodPost, cl.url, bytes.NewReader(cl.body))
}

// classify maps a response to an answer or a typed error.
func classify(cl *call, resp *http.Response, data []byte, readErr error) (*answer, error) {
	code := resp.StatusCode
	switch {
	case code == 420 || code == http.StatusTooManyRequests:
		return nil, &RateLimitedError{Endpoint: cl.endpoint, StatusCode: code, RetryAfter: retryAfter(resp.Header)}
	case code >= 500:
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: code, Err: errors.New(http.StatusText(code))}
	case code >= 300:
		errs := redactAll(decodeErrors(data), cl.secrets)
		if code < 400 {
			errs = append(errs, "unexpected redirect, not followed")
		}
		return nil, &APIError{Endpoint: cl.endpoint, StatusCode: code, Errors: errs}
	case code < 200:
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: code, Err: errors.New("unexpected informational status")}
	case readErr != nil:
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: code,
			Err: scrub(fmt.Errorf("reading response: %w", readErr), cl.secrets)}
	}
	return &answer{status: code, body: data}, nil
}

// retryAfter reads a Retry-After of delay-seconds; GroupMe documents none.
func retryAfter(h http.Header) time.Duration {
	n, err := strconv.Atoi(strings.TrimSpace(h.Get("Retry-After")))
	if err != nil || n <= 0 || n > 86400 {
		return 0
	}
	return time.Duration(n) * time.Second
}

func (c *Client) observe(endpoint string, err error, d time.Duration) {
	if c.observer == nil {
		return
	}
	outcome := OutcomeSuccess
	switch {
	case err == nil:
	case IsRateLimited(err):
		outcome = OutcomeRateLimited
	case IsPermanent(err):
		outcome = OutcomeRefused
	default:
		outcome = OutcomeTemporary
	}
	c.observer.ObserveRequest(endpoint, outcome, d)
}

// readBody reads at most maxBody bytes, then drains a little more and
// closes the body so that the connection can be reused.
func readBody(rc io.ReadCloser) ([]byte, error) {
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 64<<10))
	return data, err
}

// transportCause strips the *url.Error wrapper, whose text holds the URL.
func transportCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", strings.ToUpper(ue.Op), ue.Err)
	}
	return err
}

func redactAll(list, secrets []string) []string {
	for i, s := range list {
		list[i] = redact(s, secrets)
	}
	return list
}
