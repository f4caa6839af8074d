package pushover

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redact"
)

// maxBody is the most of a response body the client reads.
const maxBody = 1 << 20

// call is one API request, ready to be attempted (perhaps several times).
type call struct {
	endpoint    string     // for errors and the Observer
	method      string     // GET or POST
	path        string     // relative to the base URL, already escaped
	params      url.Values // the query of a GET, the form body of a POST
	body        []byte     // a prepared body (multipart); overrides params
	contentType string     // of body
	secrets     []string   // values never to show in an error
}

// reply is a classified HTTP 200 response with status 1.
type reply struct {
	body   *apiBody
	data   []byte
	limits *Limits
}

// do runs c up to maxAttempts times, each after the client's pause.
func (c *Client) do(ctx context.Context, cl *call) (*reply, error) {
	// The URL and body are built once, outside the limiter: a slot is held
	// only while a request is on the wire.
	p, err := c.prepare(cl)
	if err != nil {
		return nil, err
	}
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.awaitTurn(ctx, cl.endpoint); err != nil {
			if last != nil {
				return nil, last
			}
			return nil, err
		}
		r, err := c.attempt(ctx, cl, p)
		if err == nil || !IsRetryable(err) || attempt >= c.maxAttempts || ctx.Err() != nil {
			return r, err
		}
		last = err
	}
}

// awaitTurn waits out the pause after a failure, then takes a slot of the
// limiter, which the caller must release with c.release.
func (c *Client) awaitTurn(ctx context.Context, endpoint string) error {
	var slept time.Time
	for {
		c.gate.mu.Lock()
		notBefore := c.gate.notBefore
		c.gate.mu.Unlock()
		if wait := notBefore.Sub(c.now()); wait > 0 && !notBefore.Equal(slept) {
			if dl, ok := ctx.Deadline(); ok && time.Until(dl) < wait {
				return &TemporaryError{Endpoint: endpoint, Err: fmt.Errorf("%w for %s: %w", ErrCoolingDown, wait, context.DeadlineExceeded)}
			}
			if err := c.sleep(ctx, wait); err != nil {
				return &TemporaryError{Endpoint: endpoint, Err: fmt.Errorf("%w: %w", ErrCoolingDown, err)}
			}
			slept = notBefore
			continue
		}
		select {
		case c.gate.sem <- struct{}{}:
		case <-ctx.Done():
			return &TemporaryError{Endpoint: endpoint, Err: ctx.Err()}
		}
		c.gate.mu.Lock()
		again := c.gate.notBefore.After(notBefore)
		c.gate.mu.Unlock()
		if !again {
			return nil
		}
		c.release() // a request failed meanwhile: wait for the new pause
	}
}

func (c *Client) release() { <-c.gate.sem }

// failed starts the pause of RetryFloor plus jitter before the next request.
func (c *Client) failed() {
	until := c.now().Add(RetryFloor + c.jitter())
	c.gate.mu.Lock()
	if until.After(c.gate.notBefore) {
		c.gate.notBefore = until
	}
	c.gate.mu.Unlock()
}

// attempt makes one HTTP request, holding the limiter slot taken by
// awaitTurn until the answer is read (and, when it calls for a pause,
// the pause is set).
func (c *Client) attempt(ctx context.Context, cl *call, p *prepared) (*reply, error) {
	held := true
	release := func() {
		if held {
			held = false
			c.release()
		}
	}
	defer release()
	if err := ctx.Err(); err != nil { // nothing was sent: no pause needed
		return nil, &TemporaryError{Endpoint: cl.endpoint, Err: err}
	}
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
	}
	req, err := p.request(ctx, cl.method, c.userAgent)
	if err != nil {
		return nil, err
	}
	start := time.Now()
	resp, err := c.hc.Do(req)
	if err != nil {
		c.failed()
		release()
		c.observe(cl.endpoint, 0, time.Since(start))
		return nil, &TemporaryError{Endpoint: cl.endpoint, Err: scrub(transportCause(err), cl.secrets),
			Unanswered: !notSent(err)}
	}
	data, err := readBody(resp.Body)
	took := time.Since(start)
	if err != nil {
		c.failed()
		release()
		c.observe(cl.endpoint, resp.StatusCode, took)
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: resp.StatusCode,
			Err: scrub(fmt.Errorf("reading response: %w", err), cl.secrets), Unanswered: resp.StatusCode < 300}
	}
	limits := parseLimits(resp.Header)
	r, err := classify(cl, resp.StatusCode, resp.Header, data, limits, c.now())
	if IsRetryable(err) {
		c.failed()
	}
	release() // the request is over: the next one may go
	c.observe(cl.endpoint, resp.StatusCode, took)
	if limits != nil && c.observer != nil {
		c.observer.ObserveLimits(*limits)
	}
	return r, err
}

// prepared is a call's URL and body, built once for all its attempts.
type prepared struct {
	url         string
	body        []byte // nil for a GET
	contentType string
}

func (c *Client) prepare(cl *call) (*prepared, error) {
	ref, err := url.Parse(cl.path)
	if err != nil {
		return nil, invalid("path", "cannot build the request URL")
	}
	u := c.base.ResolveReference(ref)
	p := &prepared{}
	switch {
	case cl.method == http.MethodGet:
		u.RawQuery = cl.params.Encode()
	case cl.body != nil:
		p.body, p.contentType = cl.body, cl.contentType
	default:
		p.body, p.contentType = []byte(cl.params.Encode()), "application/x-www-form-urlencoded"
	}
	p.url = u.String()
	return p, nil
}

// request builds one attempt's HTTP request.
func (p *prepared) request(ctx context.Context, method, userAgent string) (*http.Request, error) {
	var body io.Reader
	if p.body != nil {
		body = bytes.NewReader(p.body)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.url, body)
	if err != nil {
		return nil, invalid("path", "cannot build the request")
	}
	req.Header["User-Agent"] = []string{userAgent}
	req.Header["Accept"] = []string{"application/json"}
	if p.contentType != "" {
		req.Header["Content-Type"] = []string{p.contentType}
	}
	return req, nil
}

func (c *Client) observe(endpoint string, code int, d time.Duration) {
	if c.observer != nil {
		c.observer.ObserveRequest(endpoint, code, d)
	}
}

// readBody reads at most maxBody bytes, then drains a little more and closes
// the body so that the connection can be reused.
func readBody(rc io.ReadCloser) ([]byte, error) {
	defer rc.Close()
	data, err := io.ReadAll(io.LimitReader(rc, maxBody))
	_, _ = io.Copy(io.Discard, io.LimitReader(rc, 64<<10))
	return data, err
}

// notSent reports whether a transport error happened before the request
// could reach Pushover: the connection was never made.
func notSent(err error) bool {
	var op *net.OpError
	var dns *net.DNSError
	return (errors.As(err, &op) && op.Op == "dial") || errors.As(err, &dns)
}

// transportCause strips the *url.Error wrapper, whose text holds the request
// URL (and with it the token of a GET).
func transportCause(err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		return fmt.Errorf("%s request: %w", strings.ToUpper(ue.Op), ue.Err)
	}
	return err
}

// scrub returns err with every secret replaced in its text, if any occurs.
func scrub(err error, secrets []string) error { return redact.Secrets(secrets).Error(err) }
