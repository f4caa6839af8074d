package amclient

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// DefaultTimeout bounds one request when New is given none.
const DefaultTimeout = 10 * time.Second

// maxBody bounds what is read of an answer: a silence list of a busy
// Alertmanager is large, an error message small.
const maxBody = 8 << 20

// Sentinel errors, wrapped in *Error; test them with errors.Is.
var (
	// ErrRefused is a 4xx answer: the request cannot succeed as it is.
	ErrRefused = errors.New("alertmanager refused the request")
	// ErrNotFound is a 404 answer, e.g. expiring a silence that is gone.
	ErrNotFound = errors.New("alertmanager does not know it")
	// ErrUnavailable is a network failure, a timeout or a 5xx/429 answer:
	// trying again later may succeed.
	ErrUnavailable = errors.New("alertmanager is unavailable")
	// ErrBadAnswer is a 2xx answer that could not be decoded.
	ErrBadAnswer = errors.New("alertmanager's answer could not be read")
)

// Error is a failed call: the operation, the host (never credentials), the
// HTTP status if any, and a short reason.
type Error struct {
	Op     string // "create silence", "expire silence", "list silences", "list alerts"
	Host   string
	Status int
	Msg    string
	Err    error // one of the sentinels
}

func (e *Error) Error() string {
	s := fmt.Sprintf("%s at %s: %v", e.Op, e.Host, e.Err)
	if e.Status != 0 {
		s += fmt.Sprintf(" (HTTP %d)", e.Status)
	}
	if e.Msg != "" {
		s += ": " + e.Msg
	}
	return s
}

func (e *Error) Unwrap() error { return e.Err }

// Client calls one Alertmanager's API v2.
type Client struct {
	base    *url.URL
	token   string
	http    *http.Client
	timeout time.Duration
}

// New returns a client of the Alertmanager at baseURL (the configured
// alertmanager.url; a path prefix is kept), sending bearerToken ("" for
// none) to it only. hc nil means http.DefaultClient; timeout 0 means
// DefaultTimeout.
func New(baseURL, bearerToken string, hc *http.Client, timeout time.Duration) (*Client, error) {
	u, err := url.Parse(baseURL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("%w: alertmanager URL must be an absolute http or https URL", ErrRefused)
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	u.Path = strings.TrimRight(u.Path, "/")
	return &Client{base: u, token: bearerToken, http: hc, timeout: timeout}, nil
}

// Create posts s and returns the silence's ID. With s.ID set, Alertmanager
// updates that silence (or replaces it with a new ID when it cannot).
func (c *Client) Create(ctx context.Context, s Silence) (string, error) {
	s.Status = nil
	body, err := json.Marshal(s)
	if err != nil {
		return "", c.fail("create silence", 0, ErrRefused, err.Error())
	}
	var out struct {
		SilenceID string `json:"silenceID"`
	}
	if err := c.do(ctx, "create silence", http.MethodPost, "/api/v2/silences", nil, body, &out); err != nil {
		return "", err
	}
	if out.SilenceID == "" {
		return "", c.fail("create silence", 0, ErrBadAnswer, "no silenceID")
	}
	return out.SilenceID, nil
}

// Expire ends the silence id now. Expiring an expired silence is refused by
// Alertmanager (ErrRefused); an unknown ID is ErrNotFound.
func (c *Client) Expire(ctx context.Context, id string) error {
	return c.do(ctx, "expire silence", http.MethodDelete, "/api/v2/silence/"+url.PathEscape(id), nil, nil, nil)
}

// Silences lists the silences, of every state, whose equality matchers
// include each of filter (Alertmanager's filter semantics); an empty filter
// lists them all.
func (c *Client) Silences(ctx context.Context, filter []Matcher) ([]Silence, error) {
	var out []Silence
	err := c.do(ctx, "list silences", http.MethodGet, "/api/v2/silences", filterQuery(filter), nil, &out)
	return out, err
}

// FiringAlerts counts the alerts Alertmanager holds that fire (silenced and
// inhibited ones included) and match every matcher of filter.
func (c *Client) FiringAlerts(ctx context.Context, filter []Matcher) (int, error) {
	q := filterQuery(filter)
	for _, k := range []string{"active", "silenced", "inhibited", "unprocessed"} {
		q.Set(k, "true")
	}
	var out []json.RawMessage
	err := c.do(ctx, "list alerts", http.MethodGet, "/api/v2/alerts", q, nil, &out)
	return len(out), err
}

// ActiveAlerts counts the alerts Alertmanager holds that fire and page:
// neither silenced nor inhibited, matching every matcher of filter.
func (c *Client) ActiveAlerts(ctx context.Context, filter []Matcher) (int, error) {
	q := filterQuery(filter)
	for k, v := range map[string]string{"active": "true", "unprocessed": "true", "silenced": "false", "inhibited": "false"} {
		q.Set(k, v)
	}
	var out []json.RawMessage
	err := c.do(ctx, "list alerts", http.MethodGet, "/api/v2/alerts", q, nil, &out)
	return len(out), err
}

func filterQuery(filter []Matcher) url.Values {
	q := url.Values{}
	for _, m := range filter {
		op := "="
		switch {
		case m.IsRegex && m.IsEqual:
			op = "=~"
		case m.IsRegex:
			op = "!~"
		case !m.IsEqual:
			op = "!="
		}
		q.Add("filter", m.Name+op+quote(m.Value))
	}
	return q
}

// quote writes a matcher value as Alertmanager's matcher parser reads it.
func quote(v string) string {
	r := strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)
	return `"` + r.Replace(v) + `"`
}
