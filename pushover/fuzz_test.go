package pushover

import (
	"errors"
	"net/http"
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

const fuzzToken = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"

// FuzzDecodeResponse feeds arbitrary bodies and status codes to the
// response classifier: it must never panic, accept only HTTP 200 with
// status 1, and never let the token into an error.
func FuzzDecodeResponse(f *testing.F) {
	for _, seed := range []string{
		`{"status":1,"request":"647d2300-702c-4b38-8b2f-d56326ae460b"}`,
		`{"status":1,"receipt":"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123","request":"x"}`,
		`{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"5042853c"}`,
		`{"html":"cannot be set with monospace","monospace":"cannot be set with html","errors":["html and monospace are mutually exclusive"],"status":0}`,
		`{"device":"invalid for this user","group":0,"licenses":["iOS"],"errors":["device name is not valid for user"],"status":0}`,
		`{"status":"1","request":7}`, `{"status":true}`, `{"status":1e400}`, `{"status":null}`, `{"errors":"x","status":0}`,
		`<html><body>502 Bad Gateway</body></html>`, ``, `null`, `[]`, `{"status":1,"request":`,
		`{"token":"invalid","errors":["application token azGDORePK8gMaC0QOYAMyEEuzJnyUi is invalid"],"status":0}`,
	} {
		for _, code := range []int{200, 400, 429, 503} {
			f.Add([]byte(seed), code)
		}
	}
	f.Fuzz(func(t *testing.T, data []byte, code int) {
		cl := &call{endpoint: "messages", secrets: []string{fuzzToken}}
		h := http.Header{"X-Limit-App-Reset": {string(data)}}
		r, err := classify(cl, code, h, data, parseLimits(h), time.Unix(1700000000, 0))
		if err == nil {
			if code != http.StatusOK || r.body.Status != 1 {
				t.Fatalf("accepted HTTP %d status %d", code, r.body.Status)
			}
			return
		}
		if strings.Contains(err.Error(), fuzzToken) {
			t.Fatalf("token in error: %v", err)
		}
		var qe *QuotaError
		if (code == http.StatusTooManyRequests) != errors.As(err, &qe) {
			t.Fatalf("HTTP %d gave %T", code, err)
		}
		if IsRetryable(err) && code >= 400 && code < 500 {
			t.Fatalf("HTTP %d classified retryable", code)
		}
	})
}

// FuzzTruncateRunes: the result is valid UTF-8 (when the input was), at
// most n runes, and a prefix of the input unless cut.
func FuzzTruncateRunes(f *testing.F) {
	f.Add("Größenänderung", 6)
	f.Add("", 0)
	f.Add("日本語", 2)
	f.Fuzz(func(t *testing.T, s string, n int) {
		if n > 5000 || n < -5 {
			return
		}
		got, cut := TruncateRunes(s, n)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("invalid UTF-8 from %q", s)
		}
		if utf8.RuneCountInString(got) > max(n, 0) {
			t.Fatalf("%d runes > %d", utf8.RuneCountInString(got), n)
		}
		if !cut && got != s {
			t.Fatalf("changed without cutting")
		}
	})
}
