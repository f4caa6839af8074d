package amclient

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// do sends one request and decodes a 2xx answer into out (nil: ignore it).
func (c *Client) do(ctx context.Context, op, method, path string, q url.Values, body []byte, out any) error {
	ctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	u := *c.base
	u.Path += path
	u.RawQuery = q.Encode()
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, u.String(), rd)
	if err != nil {
		return c.fail(op, 0, ErrRefused, "bad request")
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	resp, err := c.http.Do(req)
	if err != nil {
		return c.fail(op, 0, ErrUnavailable, transportReason(err))
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, maxBody))
	if err != nil {
		return c.fail(op, resp.StatusCode, ErrUnavailable, "reading the answer: "+transportReason(err))
	}
	if err := c.status(op, resp.StatusCode, data); err != nil {
		return err
	}
	if out != nil && json.Unmarshal(data, out) != nil {
		return c.fail(op, resp.StatusCode, ErrBadAnswer, "not the expected JSON")
	}
	return nil
}

func (c *Client) status(op string, code int, data []byte) error {
	switch {
	case code >= 200 && code < 300:
		return nil
	case code == http.StatusNotFound:
		return c.fail(op, code, ErrNotFound, snippet(data))
	case code >= 500 || code == http.StatusTooManyRequests:
		return c.fail(op, code, ErrUnavailable, snippet(data))
	default:
		return c.fail(op, code, ErrRefused, snippet(data))
	}
}

func (c *Client) fail(op string, code int, kind error, msg string) error {
	return &Error{Op: op, Host: c.base.Host, Status: code, Msg: msg, Err: kind}
}

// transportReason is the cause of a transport error without the URL that
// *url.Error carries (it may hold credentials).
func transportReason(err error) string {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) {
		return "timed out"
	}
	return err.Error()
}

// snippet is the start of an error answer, on one line.
func snippet(data []byte) string {
	s := strings.Join(strings.Fields(string(data)), " ")
	if len(s) > 200 {
		s = s[:200] + "…"
	}
	return s
}
