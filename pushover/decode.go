package pushover

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // the quota resets at midnight America/Chicago, even where the system lacks tzdata

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redact"
)

// errBadBody is wrapped when a response body is not the JSON envelope.
var errBadBody = errors.New("malformed response body")

// apiBody is the envelope every Pushover JSON response shares.
type apiBody struct {
	Status  int
	Request string
	Errors  []string
	Fields  map[string]string // the other string-valued keys: per-parameter reasons
}

// flexInt decodes a JSON number, a numeric string, a boolean or null.
type flexInt int64

func (f *flexInt) UnmarshalJSON(b []byte) error {
	s := strings.Trim(string(b), `"`)
	switch s {
	case "null", "", "false":
		*f = 0
		return nil
	case "true":
		*f = 1
		return nil
	}
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		*f = flexInt(n)
		return nil
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || x > 1<<62 || x < -(1<<62) {
		return fmt.Errorf("not an integer")
	}
	*f = flexInt(x)
	return nil
}

// unixTime converts a Unix timestamp, 0 meaning unset.
func (f flexInt) unixTime() time.Time {
	if f <= 0 {
		return time.Time{}
	}
	return time.Unix(int64(f), 0)
}

// decodeBody parses the envelope: a JSON object with a status.
func decodeBody(data []byte) (*apiBody, error) {
	data = bytes.TrimSpace(data)
	if len(data) == 0 {
		return nil, fmt.Errorf("%w: empty", errBadBody)
	}
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(data, &raw); err != nil || raw == nil {
		return nil, fmt.Errorf("%w: not a JSON object", errBadBody)
	}
	var status flexInt
	if s, ok := raw["status"]; !ok || status.UnmarshalJSON(s) != nil {
		return nil, fmt.Errorf("%w: no numeric status", errBadBody)
	}
	b := &apiBody{Status: int(status), Fields: map[string]string{}}
	for k, v := range raw {
		var s string
		switch {
		case k == "errors":
			_ = json.Unmarshal(v, &b.Errors) // a malformed list is just no details
		case k == "request":
			_ = json.Unmarshal(v, &b.Request)
		case k != "status" && json.Unmarshal(v, &s) == nil:
			b.Fields[k] = s
		}
	}
	return b, nil
}

// classify turns an HTTP response into a reply or a typed error.
func classify(cl *call, code int, h http.Header, data []byte, limits *Limits, now time.Time) (*reply, error) {
	body, decodeErr := decodeBody(data)
	switch {
	case code == http.StatusTooManyRequests:
		return nil, quotaError(cl.endpoint, body, h, limits, now)
	case code >= 400 && code < 500:
		return nil, apiError(cl, code, body)
	case code != http.StatusOK:
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: code, Err: fmt.Errorf("unexpected HTTP status %d", code)}
	case decodeErr != nil:
		return nil, &TemporaryError{Endpoint: cl.endpoint, StatusCode: code, Err: decodeErr}
	case body.Status != 1:
		return nil, apiError(cl, code, body)
	}
	return &reply{body: body, data: data, limits: limits}, nil
}

func apiError(cl *call, code int, body *apiBody) *APIError {
	e := &APIError{Endpoint: cl.endpoint, StatusCode: code, Fields: map[string]string{}}
	if body == nil {
		return e
	}
	e.Request = body.Request
	for _, s := range body.Errors {
		e.Errors = append(e.Errors, redact.Secrets(cl.secrets).String(s))
	}
	for k, v := range body.Fields {
		e.Fields[redact.Secrets(cl.secrets).String(k)] = redact.Secrets(cl.secrets).String(v)
	}
	return e
}

func quotaError(endpoint string, body *apiBody, h http.Header, limits *Limits, now time.Time) *QuotaError {
	e := &QuotaError{Endpoint: endpoint, Limits: limits, Reset: NextQuotaReset(now)}
	if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Limit-App-Reset")), 10, 64); err == nil && reset > 0 {
		e.Reset = time.Unix(reset, 0)
	}
	if body != nil {
		e.Request = body.Request
	}
	return e
}

// parseLimits reads the X-Limit-App-* headers; nil unless the limit and the
// remaining count are both present and numeric. A bad reset is left zero.
func parseLimits(h http.Header) *Limits {
	limit, err1 := strconv.Atoi(strings.TrimSpace(h.Get("X-Limit-App-Limit")))
	remaining, err2 := strconv.Atoi(strings.TrimSpace(h.Get("X-Limit-App-Remaining")))
	if err1 != nil || err2 != nil {
		return nil
	}
	l := &Limits{Limit: limit, Remaining: remaining}
	if reset, err := strconv.ParseInt(strings.TrimSpace(h.Get("X-Limit-App-Reset")), 10, 64); err == nil && reset > 0 {
		l.Reset = time.Unix(reset, 0)
	}
	return l
}

// quotaZone is where Pushover's monthly quota resets at midnight.
var quotaZone = loadQuotaZone()

func loadQuotaZone() *time.Location {
	if loc, err := time.LoadLocation("America/Chicago"); err == nil {
		return loc
	}
	return time.FixedZone("UTC-6", -6*60*60)
}

// NextQuotaReset returns when Pushover next resets the monthly quota after
// now: 00:00 Central Time on the 1st of the next month.
func NextQuotaReset(now time.Time) time.Time {
	t := now.In(quotaZone)
	return time.Date(t.Year(), t.Month()+1, 1, 0, 0, 0, 0, quotaZone)
}
