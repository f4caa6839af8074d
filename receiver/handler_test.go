package receiver

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

func TestStatusContract(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)
	temporary := &pushover.TemporaryError{Endpoint: "messages", StatusCode: 502, Err: errors.New("bad gateway")}
	refused := &pushover.APIError{Endpoint: "messages", StatusCode: 400, Errors: []string{"user key is invalid"}}
	failFor := func(byRecipient map[string]error) func(envelope) error {
		return func(e envelope) error { return byRecipient[e.Recipient] }
	}
	for _, tc := range []struct {
		name     string
		errs     map[string]error
		code     int
		outcomes []string
	}{
		{"all accepted", nil, 200, []string{"page/oncall=sent", "page/team=sent"}},
		{"temporary", map[string]error{"team": temporary}, 503,
			[]string{"page/oncall=sent", "page/team=failed_retryable"}},
		{"refused", map[string]error{"team": refused}, 422,
			[]string{"page/oncall=sent", "page/team=failed_permanent"}},
		{"refused and temporary", map[string]error{"oncall": refused, "team": temporary}, 503,
			[]string{"page/oncall=failed_permanent", "page/team=failed_retryable"}},
		{"deadline", map[string]error{"oncall": context.DeadlineExceeded}, 503,
			[]string{"page/oncall=failed_retryable", "page/team=sent"}},
		{"quota resets soon", map[string]error{"oncall": &pushover.QuotaError{Reset: now.Add(10 * time.Minute)}}, 503,
			[]string{"page/oncall=failed_retryable", "page/team=sent"}},
		{"quota resets in days", map[string]error{"oncall": &pushover.QuotaError{Reset: now.Add(72 * time.Hour)}}, 422,
			[]string{"page/oncall=failed_permanent", "page/team=sent"}},
		{"quota without reset", map[string]error{"oncall": &pushover.QuotaError{}}, 422,
			[]string{"page/oncall=failed_permanent", "page/team=sent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting)
			f.sender.sendErr = failFor(tc.errs)
			code, a := f.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, tc.code, code)
			require.Equal(t, tc.outcomes, outcomes(a))
			for _, d := range a.Deliveries {
				require.Equal(t, d.Outcome != pipeline.OutcomeSent, d.Error != "", "error text iff failed")
			}
			require.Equal(t, 1.0, testutil.ToFloat64(f.m.WebhookRequests.WithLabelValues(strconv.Itoa(tc.code))))
		})
	}
}

func TestQuotaIsLoud(t *testing.T) {
	f := newFixture(t, testRouting)
	f.sender.sendErr = func(envelope) error { return &pushover.QuotaError{Reset: f.clock.Now().Add(48 * time.Hour)} }
	code, _ := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 422, code)
	require.Equal(t, 2.0, testutil.ToFloat64(f.pm.QuotaExhausted))
	require.Contains(t, f.logs.String(), "level=error")
	require.Contains(t, f.logs.String(), "quota exhausted")
}

func TestBadRequests(t *testing.T) {
	good := readPayload(t, "01-firing-first.json")
	replace := func(old, new string) []byte { return bytes.Replace(good, []byte(old), []byte(new), 1) }
	for _, tc := range []struct {
		name    string
		body    []byte
		header  []string
		withTok bool
		code    int
		errText string
	}{
		{"malformed", []byte(`{"version":`), nil, false, 400, "malformed JSON"},
		{"not an object", []byte(`[]`), nil, false, 400, "the body must be a JSON object, got an array"},
		{"empty", nil, nil, false, 400, "the body is empty"},
		{"version 3", replace(`"version":"4"`, `"version":"3"`), nil, false, 400, `version "3" is not supported: want "4"`},
		{"no version", replace(`"version":"4"`, `"versio":"4"`), nil, false, 400, "missing required fields: version"},
		{"no alerts", []byte(`{"version":"4","status":"firing","alerts":[]}`), nil, false, 400, "alerts is empty"},
		{"bad group status", replace(`"status":"firing","alerts"`, `"status":"burning","alerts"`), nil, false, 400, `status "burning"`},
		{"bad alert status", replace(`{"status":"firing","labels"`, `{"status":"","labels"`), nil, false, 400, `alerts[0].status "" is not firing or resolved`},
		{"unknown fields are fine", replace(`"version":"4"`, `"version":"4","future":{"x":1}`), nil, false, 200, ""},
		{"no token", good, nil, true, 401, "bearer token"},
		{"wrong token", good, []string{"Authorization", "Bearer nope"}, true, 401, "bearer token"},
		{"basic auth", good, []string{"Authorization", "Basic " + bearerToken}, true, 401, "bearer token"},
		{"right token", good, []string{"Authorization", "Bearer " + bearerToken}, true, 200, ""},
		{"scheme case", good, []string{"Authorization", "bearer " + bearerToken}, true, 200, ""},
		{"too large", append(good, bytes.Repeat([]byte(" "), 2048)...), nil, false, 413, "max_body_bytes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting, func(rt *Runtime) {
				rt.Config.MaxBodyBytes = 1024 + 1024 // the payload is ~1.9KiB
				if tc.withTok {
					rt.Token = bearerToken
				}
			})
			code, a := f.post(t, tc.body, tc.header...)
			require.Equal(t, tc.code, code, a.Error)
			require.Contains(t, a.Error, tc.errText)
			if code != 200 {
				require.Empty(t, f.sender.Calls())
				require.Equal(t, "error", a.Status)
			}
		})
	}
}

func TestMethodNotAllowed(t *testing.T) {
	f := newFixture(t, testRouting)
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/alerts", nil))
	require.Equal(t, http.StatusMethodNotAllowed, rec.Code)
}

func TestInvalidPayloadLogsWarnWithRemote(t *testing.T) {
	f := newFixture(t, testRouting)
	body := bytes.Replace(readPayload(t, "01-firing-first.json"), []byte(`"version":"4"`), []byte(`"version":"5"`), 1)
	code, _ := f.post(t, body)
	require.Equal(t, 400, code)
	require.Contains(t, f.logs.String(), `level=warn component=receiver msg="invalid webhook payload" remote=192.0.2.1:1234`)
	require.Contains(t, f.logs.String(), `version \"5\" is not supported`)
}
