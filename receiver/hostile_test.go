package receiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/alecthomas/units"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
)

// countingReader is an endless body that counts what the handler read of it.
type countingReader struct {
	n    int64
	fill byte
}

func (r *countingReader) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = r.fill
	}
	r.n += int64(len(p))
	return len(p), nil
}

// requireServing posts a good webhook and requires it to be sent: whatever
// came before did not break the handler.
func requireServing(t *testing.T, f *fixture, header ...string) {
	t.Helper()
	code, a := f.post(t, readPayload(t, "05-warning-first.json"), header...)
	require.Equal(t, http.StatusOK, code, "%+v", a)
	require.Equal(t, []string{"warn/team=sent"}, outcomes(a))
}

// TestHostileBodies: every malformed or oversized body gets a clear JSON
// error and a 4xx (Alertmanager does not retry it), costs a bounded amount
// of reading and time, and leaves the handler serving.
func TestHostileBodies(t *testing.T) {
	const limit = 64 * units.KiB
	nested := strings.Repeat(`{"a":[`, 200_000)
	valid := string(readPayload(t, "01-firing-first.json"))
	for _, tc := range []struct {
		name string
		body string
		code int
		err  string
	}{
		{"empty", "", 400, "the body is empty"},
		{"not JSON", "<html><body>hello</body></html>", 400, "malformed JSON"},
		{"truncated", valid[:len(valid)/2], 400, "malformed JSON"},
		{"trailing garbage", valid + "}}", 400, "malformed JSON"},
		{"JSON array", `[1,2,3]`, 400, "the body must be a JSON object, got an array"},
		{"JSON null", `null`, 400, "the body must be a JSON object, got null"},
		{"deeply nested", nested, 413, "max_body_bytes"},
		{"deeply nested within the cap", strings.Repeat("[", 20_000), 400, "malformed JSON"},
		{"nested alerts", `{"version":"4","status":"firing","alerts":[` + strings.Repeat(`{"labels":`, 5000) + `}`, 400, "malformed JSON"},
		{"wrong version", strings.Replace(valid, `"version":"4"`, `"version":"5"`, 1), 400, "version"},
		{"no alerts", `{"version":"4","status":"firing","alerts":[]}`, 400, "alerts is empty"},
		{"bad status", `{"version":"4","status":"burning","alerts":[{"status":"firing"}]}`, 400, "status"},
		{"labels not strings", `{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":1}}]}`, 400, "alerts.labels must be a string, got a number"},
		{"negative truncatedAlerts", strings.Replace(valid, `"truncatedAlerts":0`, `"truncatedAlerts":-5`, 1), 400, "negative"},
		{"huge number", strings.Replace(valid, `"truncatedAlerts":0`, `"truncatedAlerts":1e999`, 1), 400, "truncatedAlerts must be a whole number, got a number 1e999"},
		{"NUL bytes", "\x00\x00\x00", 400, "malformed JSON"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting, func(rt *Runtime) { rt.Config.MaxBodyBytes = limit })
			code, a := f.post(t, []byte(tc.body))
			require.Equal(t, tc.code, code, "%+v", a)
			require.Equal(t, "error", a.Status)
			require.Contains(t, a.Error, tc.err)
			require.Empty(t, f.sender.Calls())
			requireServing(t, f)
		})
	}
}

// TestHugeBodyReadsOnlyTheCap: an endless body answers 413 after reading
// about max_body_bytes, not the whole stream.
func TestHugeBodyReadsOnlyTheCap(t *testing.T) {
	f := newFixture(t, testRouting) // the default cap, 4 MiB
	body := &countingReader{fill: ' '}
	req := httptest.NewRequest(http.MethodPost, "/alerts", io.LimitReader(body, 1<<40))
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	require.Equal(t, http.StatusRequestEntityTooLarge, rec.Code)
	require.Contains(t, rec.Body.String(), "max_body_bytes (4194304 bytes)")
	require.Less(t, body.n, int64(DefaultMaxBodyBytes)+1<<20, "read %d bytes", body.n)
	requireServing(t, f)
}

// manyAlerts is a webhook of n minimal warning alerts for the team.
func manyAlerts(n int) []byte {
	var b bytes.Buffer
	b.WriteString(`{"version":"4","receiver":"r","status":"firing","groupKey":"{}:{alertname=\"Many\"}","alerts":[`)
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		fmt.Fprintf(&b, `{"status":"firing","labels":{"alertname":"Many","severity":"warning","i":"%d"},"fingerprint":"%x"}`, i, i)
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// TestHundredThousandAlerts: 100,000 alerts in one webhook exceed the
// default body cap (413); with the cap raised to admit them, the
// real templates fit them into one message, and no delivery times out.
func TestHundredThousandAlerts(t *testing.T) {
	body := manyAlerts(100_000)
	t.Run("over the default cap", func(t *testing.T) {
		f := newFixture(t, testRouting)
		require.Greater(t, len(body), int(DefaultMaxBodyBytes))
		code, a := f.post(t, body)
		require.Equal(t, http.StatusRequestEntityTooLarge, code, "%+v", a)
		requireServing(t, f)
	})
	t.Run("admitted", func(t *testing.T) {
		if testing.Short() {
			t.Skip("renders 100,000 alerts")
		}
		// Speed is BenchmarkPlan's business; here the deadline is generous
		// (a -race build is slow) and the test asserts that nothing timed out.
		f, srv := newIntegrated(t, testRouting, func(rt *Runtime) {
			rt.Config.MaxBodyBytes = 64 * units.MiB
			rt.Config.Timeout = model.Duration(10 * time.Minute)
		})
		code, a := f.post(t, body)
		require.Equal(t, http.StatusOK, code, "%+v", a)
		require.Equal(t, []string{"warn/team=sent"}, outcomes(a), "no delivery timed out")
		require.NotContains(t, f.logs.String(), "receiver.timeout")
		require.Zero(t, testutil.ToFloat64(f.pm.Deliveries.WithLabelValues("warn", string(pipeline.OutcomeFailedRetryable))))
		msgs := srv.Messages()
		require.Len(t, msgs, 1)
		require.LessOrEqual(t, utf8.RuneCountInString(msgs[0].Message), 1024)
		require.Contains(t, msgs[0].Message, "more")
	})
}

// TestHostileLabelValues: HTML, control characters and invalid UTF-8 in
// labels and annotations reach Pushover escaped, as valid UTF-8, within
// the limits; the request succeeds.
func TestHostileLabelValues(t *testing.T) {
	f, srv := newIntegrated(t, testRouting)
	evil := "<script>alert(1)</script><b>bold</b><a href=\"javascript:x\">x</a> &amp; \x00\x01\x07\x1b[31m\u202e\r\n\u2028 \xff\xfe"
	var m map[string]any
	require.NoError(t, json.Unmarshal(readPayload(t, "05-warning-first.json"), &m))
	alert := m["alerts"].([]any)[0].(map[string]any)
	alert["labels"].(map[string]any)["instance"] = evil
	alert["annotations"] = map[string]any{"summary": evil, "description": evil, "runbook_url": "javascript:alert(1)"}
	alert["generatorURL"] = `"><script>x</script>`
	m["groupKey"] = `{}:{instance="` + evil + `"}`
	body, err := json.Marshal(m)
	require.NoError(t, err)
	// Invalid UTF-8 straight in the JSON text, not only as escapes.
	body = bytes.Replace(body, []byte(`\ufffd\ufffd`), []byte("\xff\xfe"), -1)

	code, a := f.post(t, body)
	require.Equal(t, http.StatusOK, code, "%+v", a)
	msgs := srv.Messages()
	require.Len(t, msgs, 1)
	for _, s := range []string{msgs[0].Title, msgs[0].Message, msgs[0].Params["url"], msgs[0].Params["url_title"]} {
		require.True(t, utf8.ValidString(s), "%q", s)
		require.NotContains(t, s, "<script")
		require.NotRegexp(t, `(?i)<a\s[^>]*href="\s*javascript:`, s)
		for _, r := range s {
			require.False(t, r < 0x20 && r != '\n' && r != '\t', "control character %U in %q", r, s)
		}
	}
	require.Contains(t, msgs[0].Message, "&lt;script&gt;")
	require.NotRegexp(t, `(?i)^\s*javascript:`, msgs[0].Params["url"])
	requireServing(t, f)
}

// TestAuthentication: a missing, wrong or non-bearer Authorization
// answers 401 with a challenge and sends nothing; the right token works.
func TestAuthentication(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) { rt.Token = bearerToken })
	body := readPayload(t, "05-warning-first.json")
	for _, h := range [][]string{
		nil,
		{"Authorization", ""},
		{"Authorization", "Bearer"},
		{"Authorization", "Bearer "},
		{"Authorization", "Bearer wrong"},
		{"Authorization", "Bearer " + bearerToken + "x"},
		{"Authorization", "Bearer " + bearerToken[:len(bearerToken)-1]},
		{"Authorization", "Basic " + bearerToken},
		{"Authorization", bearerToken},
		{"X-Authorization", "Bearer " + bearerToken},
	} {
		req := httptest.NewRequest(http.MethodPost, "/alerts", bytes.NewReader(body))
		if h != nil {
			req.Header.Set(h[0], h[1])
		}
		rec := httptest.NewRecorder()
		f.h.ServeHTTP(rec, req)
		require.Equal(t, http.StatusUnauthorized, rec.Code, "%v", h)
		require.Contains(t, rec.Header().Get("WWW-Authenticate"), "Bearer")
		require.Contains(t, rec.Body.String(), "bearer token")
		require.NotContains(t, rec.Body.String(), bearerToken)
	}
	require.Empty(t, f.sender.Calls())
	require.NotContains(t, f.logs.String(), bearerToken)
	requireServing(t, f, "Authorization", "Bearer "+bearerToken)
	code, a := f.post(t, readPayload(t, "01-firing-first.json"), "Authorization", "bearer  "+bearerToken+" ")
	require.Equal(t, http.StatusOK, code, "the scheme is case-insensitive: %+v", a)
}
