package pushovertest_test

import (
	"bytes"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestCatalogue checks the error bodies of reference §1.11 byte for byte,
// ignoring the request id.
func TestCatalogue(t *testing.T) {
	tests := []struct {
		name string
		path string
		form url.Values
		opts []pushovertest.Option
		code int
		want string
	}{
		{"bad token", "messages.json", demo("token", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"), nil, 400,
			`{"token":"invalid","errors":["application token is invalid"],"status":0,"request":"R"}`},
		{"missing token", "messages.json", url.Values{"user": {pushovertest.DemoUser}, "message": {"x"}}, nil, 400,
			`{"token":"invalid","errors":["application token is invalid"],"status":0,"request":"R"}`},
		{"bad user", "messages.json", demo("user", "uQiRzpo4DXghDmr9QzzfQu27cmVRsX"), nil, 400,
			`{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"R"}`},
		{"bad user, documented text", "messages.json", demo("user", "nope"), []pushovertest.Option{pushovertest.WithDocumentedUserError()}, 400,
			`{"user":"invalid","errors":["user identifier is invalid"],"status":0,"request":"R"}`},
		{"one bad user of a list", "messages.json", demo("user", pushovertest.DemoUser+",nope"), nil, 400,
			`{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"R"}`},
		{"more than 50 users", "messages.json", demo("user", strings.Repeat(pushovertest.DemoUser+",", 50)+pushovertest.DemoUser), nil, 400,
			`{"user":"invalid","errors":["user identifier is not a valid user, group, or subscribed user key"],"status":0,"request":"R"}`},
		{"blank message", "messages.json", demo("message", " \n "), nil, 400,
			`{"message":"cannot be blank","errors":["message cannot be blank"],"status":0,"request":"R"}`},
		{"priority out of range", "messages.json", demo("priority", "3"), nil, 400,
			`{"priority":"is invalid, can only be -2, -1, 0, 1, or 2","errors":["priority is invalid"],"status":0,"request":"R"}`},
		{"html and monospace", "messages.json", demo("html", "1", "monospace", "1"), nil, 400,
			`{"html":"cannot be set with monospace","monospace":"cannot be set with html","errors":["html and monospace are mutually exclusive"],"status":0,"request":"R"}`},
		{"emergency without expire", "messages.json", demo("priority", "2"), nil, 400,
			`{"expire":"must be supplied with priority=2","errors":["expire must be supplied with priority=2, see https://pushover.net/api#priority2"],"status":0,"request":"R"}`},
		{"emergency without retry", "messages.json", demo("priority", "2", "expire", "60"), nil, 400,
			`{"retry":"must be supplied with priority=2","errors":["retry must be supplied with priority=2"],"status":0,"request":"R"}`},
		{"retry too small", "messages.json", demo("priority", "2", "expire", "60", "retry", "29"), nil, 400,
			`{"retry":"is too small, must be at least 30 seconds","errors":["retry is invalid"],"status":0,"request":"R"}`},
		{"expire too large", "messages.json", demo("priority", "2", "expire", "10801", "retry", "30"), nil, 400,
			`{"expire":"is too large, must be at most 10800 seconds","errors":["expire is invalid"],"status":0,"request":"R"}`},
		{"title too long", "messages.json", demo("title", strings.Repeat("é", 251)), nil, 400,
			`{"title":"is too long","errors":["title is too long, must be at most 250 characters"],"status":0,"request":"R"}`},
		{"base64 without type", "messages.json", demo("attachment_base64", "aGk="), nil, 400,
			`{"attachment_type":"must be supplied with attachment_base64","errors":["attachment_type must be supplied with attachment_base64"],"status":0,"request":"R"}`},
		{"validate: bad user", "users/validate.json", url.Values{"token": {pushovertest.DemoToken}, "user": {"nope"}}, nil, 400,
			`{"user":"invalid","errors":["user key is invalid"],"status":0,"request":"R"}`},
		{"validate: bad device", "users/validate.json", url.Values{"token": {pushovertest.DemoToken}, "user": {"uIOSuserXXXXXXXXXXXXXXXXXXXXXX"}, "device": {"droid"}}, nil, 400,
			`{"device":"invalid for this user","group":0,"licenses":["iOS"],"errors":["device name is not valid for user"],"status":0,"request":"R"}`},
		{"validate: no devices", "users/validate.json", url.Values{"token": {pushovertest.DemoToken}, "user": {"uNoDevicesXXXXXXXXXXXXXXXXXXXX"}}, nil, 400,
			`{"user":"valid, but has no active devices","errors":["user is valid but has no active devices"],"status":0,"request":"R"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newDemo(t, tt.opts...)
			s.AddUser("uIOSuserXXXXXXXXXXXXXXXXXXXXXX", "iphone")
			s.SetLicenses("uIOSuserXXXXXXXXXXXXXXXXXXXXXX", "iOS")
			s.AddUser("uNoDevicesXXXXXXXXXXXXXXXXXXXX")
			a := postForm(t, s, tt.path, tt.form)
			require.Equal(t, tt.code, a.code)
			require.Equal(t, tt.want, a.normalized())
			require.Equal(t, "application/json; charset=utf-8", a.header.Get("Content-Type"))
			require.NotEmpty(t, a.header.Get("Date"))
			require.Empty(t, a.header.Get("X-Limit-App-Limit"), "no quota headers on 400")
			require.Empty(t, s.Messages())
		})
	}
}

func TestAttachmentTooLarge(t *testing.T) {
	s := newDemo(t)
	ct, body := multipartForm(t, demo(), make([]byte, 5242881))
	a := postRaw(t, s, "messages.json", ct, body)
	require.Equal(t, 400, a.code)
	require.Equal(t, `{"attachment":"is too large","errors":["attachment is too large (5242881 bytes is more than 5242880 limit)"],"status":0,"request":"R"}`, a.normalized())
}

func TestHugeBodyIs413HTML(t *testing.T) {
	s := newDemo(t)
	a := postRaw(t, s, "messages.json", "application/x-www-form-urlencoded", bytes.Repeat([]byte("a"), 33<<20))
	require.Equal(t, http.StatusRequestEntityTooLarge, a.code)
	require.Contains(t, a.header.Get("Content-Type"), "text/html")
}

// TestObservedReceipt replays O-rcpt: retry 30, expire 60, never acknowledged.
func TestObservedReceipt(t *testing.T) {
	s := newDemo(t, pushovertest.WithClock(time.Unix(1707164935, 0)))
	a := postForm(t, s, "messages.json", demo("priority", "2", "retry", "30", "expire", "60"))
	require.Equal(t, 200, a.code)
	rcpt := s.Messages()[0].Receipt
	require.Regexp(t, `^[A-Za-z0-9]{30}$`, rcpt)
	require.Equal(t, `{"status":1,"receipt":"`+rcpt+`","request":"R"}`, a.normalized())
	s.Advance(90 * time.Second)
	a = get(t, s, "receipts/"+rcpt+".json?token="+pushovertest.DemoToken)
	require.Equal(t, 200, a.code)
	require.Equal(t, `{"status":1,"acknowledged":0,"acknowledged_at":0,"acknowledged_by":"","acknowledged_by_device":"",`+
		`"last_delivered_at":1707164965,"expired":1,"expires_at":1707164995,"called_back":0,"called_back_at":0,"request":"R"}`, a.normalized())
}

// TestCancelByTagSequence replays O-p4j: send with tags, poll, cancel by tag, poll.
func TestCancelByTagSequence(t *testing.T) {
	s := newDemo(t)
	a := postForm(t, s, "messages.json", demo("priority", "2", "retry", "30", "expire", "3600", "tags", "aTag,testing,ignore"))
	require.Equal(t, 200, a.code)
	rcpt := s.Messages()[0].Receipt
	poll := get(t, s, "receipts/"+rcpt+".json?token="+pushovertest.DemoToken)
	require.Contains(t, poll.body, `"expired":0`)
	a = postForm(t, s, "receipts/cancel_by_tag/aTag.json", url.Values{"token": {pushovertest.DemoToken}})
	require.Equal(t, 200, a.code)
	require.Equal(t, `{"status":1,"canceled":1,"request":"R"}`, a.normalized())
	s.Advance(7 * time.Second)
	poll = get(t, s, "receipts/"+rcpt+".json?token="+pushovertest.DemoToken)
	require.Contains(t, poll.body, `"expired":1`)
	a = postForm(t, s, "receipts/cancel_by_tag/aTag.json", url.Values{"token": {pushovertest.DemoToken}})
	require.Equal(t, `{"status":1,"canceled":0,"request":"R"}`, a.normalized())
}

// TestAlertmanagerStyle: every parameter in the query string of a POST with
// no body, optional values empty.
func TestAlertmanagerStyle(t *testing.T) {
	for _, prio := range []string{"0", "2"} {
		t.Run("priority "+prio, func(t *testing.T) {
			s := newDemo(t)
			q := url.Values{"token": {pushovertest.DemoToken}, "user": {pushovertest.DemoUser}, "message": {"disk full"},
				"title": {"[FIRING:1] Disk"}, "url": {""}, "url_title": {""}, "device": {""}, "sound": {""},
				"priority": {prio}, "retry": {"60"}, "expire": {"3600"}, "html": {"1"}}
			req, err := http.NewRequest(http.MethodPost, s.URL+"messages.json?"+q.Encode(), nil)
			require.NoError(t, err)
			req.Header.Set("Content-Type", "text/plain")
			a := do(t, req)
			require.Equal(t, 200, a.code, a.body)
			m := s.Messages()[0]
			require.Equal(t, "disk full", m.Message)
			require.NotContains(t, m.Params, "url", "empty values are absent")
			require.Equal(t, []string{"phone", "tablet"}, m.Deliveries[0].Devices)
			require.Equal(t, prio == "2", m.Receipt != "")
		})
	}
}

// TestGregdelStyle: a form with priority always present, and a multipart
// attachment sent as application/octet-stream.
func TestGregdelStyle(t *testing.T) {
	s := newDemo(t)
	a := postForm(t, s, "messages.json", demo("priority", "0", "html", "0", "monospace", "0", "device", "phone"))
	require.Equal(t, 200, a.code, a.body)
	ct, body := multipartForm(t, demo("priority", "0"), []byte("\x89PNG image"))
	a = postRaw(t, s, "messages.json", ct, body)
	require.Equal(t, 200, a.code, a.body)
	msgs := s.Messages()
	require.Len(t, msgs, 2)
	require.Equal(t, []string{"phone"}, msgs[0].Deliveries[0].Devices)
	require.Equal(t, []byte("\x89PNG image"), msgs[1].Attachment)
	require.Equal(t, "application/octet-stream", msgs[1].AttachmentType)
	require.Equal(t, "Demo", msgs[1].Title, "the app name is the default title")
	require.Equal(t, "10000", a.header.Get("X-Limit-App-Limit"))
	require.Equal(t, "9998", a.header.Get("X-Limit-App-Remaining"))
}

func TestJSONBody(t *testing.T) {
	s := newDemo(t)
	body := `{"token":"` + pushovertest.DemoToken + `","user":"` + pushovertest.DemoUser + `","message":"hi",` +
		`"priority":2,"retry":"30","expire":60,"html":true,"tags":["a","b"]}`
	a := postRaw(t, s, "messages.json", "application/json", []byte(body))
	require.Equal(t, 200, a.code, a.body)
	r := s.Receipts()
	require.Len(t, r, 1)
	require.Equal(t, []string{"a", "b"}, r[0].Tags)
	require.Equal(t, time.Minute, r[0].Expire)
}

func TestNotFoundHTML(t *testing.T) {
	s := newDemo(t)
	for _, tt := range []struct{ method, path string }{
		{http.MethodGet, "receipts/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123/cancel.json"},
		{http.MethodGet, "messages.json"},
		{http.MethodPost, "sounds.json"},
		{http.MethodGet, "nope.json"},
		{http.MethodPost, "receipts/cancel_by_tag/.json"},
	} {
		t.Run(tt.method+" "+tt.path, func(t *testing.T) {
			req, err := http.NewRequest(tt.method, s.URL+tt.path+"?token="+pushovertest.DemoToken, nil)
			require.NoError(t, err)
			a := do(t, req)
			require.Equal(t, http.StatusNotFound, a.code)
			require.Equal(t, "text/html; charset=utf-8", a.header.Get("Content-Type"))
			require.Contains(t, a.body, "Resource Not Found (or Incorrect Method)")
		})
	}
}

func TestSwitches(t *testing.T) {
	t.Run("truncation", func(t *testing.T) {
		s := newDemo(t, pushovertest.WithTruncation())
		a := postForm(t, s, "messages.json", demo("message", strings.Repeat("ü", 1100)))
		require.Equal(t, 200, a.code)
		require.Equal(t, strings.Repeat("ü", 1024), s.Messages()[0].Message)
	})
	t.Run("lenient expire", func(t *testing.T) {
		s := newDemo(t, pushovertest.WithLenientExpire())
		a := postForm(t, s, "messages.json", demo("priority", "2", "retry", "30", "expire", "86400"))
		require.Equal(t, 200, a.code)
		require.Equal(t, 10800*time.Second, s.Receipts()[0].Expire)
	})
	t.Run("legacy request ids", func(t *testing.T) {
		s := newDemo(t, pushovertest.WithLegacyRequestIDs())
		require.Regexp(t, `"request":"[0-9a-f]{32}"`, postForm(t, s, "messages.json", demo()).body)
	})
	t.Run("uuid request ids", func(t *testing.T) {
		s := newDemo(t)
		require.Regexp(t, `"request":"[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"`, postForm(t, s, "messages.json", demo()).body)
	})
	t.Run("GET body ignored", func(t *testing.T) {
		s := newDemo(t, pushovertest.WithIgnoreGETBody())
		req, err := http.NewRequest(http.MethodGet, s.URL+"sounds.json", strings.NewReader("token="+pushovertest.DemoToken))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		require.Equal(t, 400, do(t, req).code)
	})
	t.Run("GET body honoured by default", func(t *testing.T) {
		s := newDemo(t)
		req, err := http.NewRequest(http.MethodGet, s.URL+"sounds.json", strings.NewReader("token="+pushovertest.DemoToken))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		require.Equal(t, 200, do(t, req).code)
	})
}

func TestQuota(t *testing.T) {
	s := newDemo(t)
	s.AddUser("uSecondXXXXXXXXXXXXXXXXXXXXXXX", "pc")
	s.AddGroup(pushovertest.DemoGroup, pushovertest.DemoUser, "uSecondXXXXXXXXXXXXXXXXXXXXXXX")
	s.SetQuota(100, 2)
	a := postForm(t, s, "messages.json", demo("user", pushovertest.DemoGroup))
	require.Equal(t, 200, a.code, "a group of two costs two")
	require.Equal(t, "0", a.header.Get("X-Limit-App-Remaining"))
	a = postForm(t, s, "messages.json", demo())
	require.Equal(t, http.StatusTooManyRequests, a.code)
	require.Equal(t, `{"errors":["application has reached its monthly message limit"],"status":0,"request":"R"}`, a.normalized())
	reset := a.header.Get("X-Limit-App-Reset")
	require.NotEmpty(t, reset)
	a = get(t, s, "apps/limits.json?token="+pushovertest.DemoToken)
	require.Equal(t, `{"limit":100,"remaining":0,"reset":`+reset+`,"status":1,"request":"R"}`, a.normalized())
	n, err := strconv.ParseInt(reset, 10, 64)
	require.NoError(t, err)
	chicago, err := time.LoadLocation("America/Chicago")
	require.NoError(t, err)
	at := time.Unix(n, 0).In(chicago)
	require.Equal(t, []int{1, 0, 0}, []int{at.Day(), at.Hour(), at.Minute()})
	s.Advance(time.Until(at) + 32*24*time.Hour)
	require.Equal(t, 100, s.Stats().QuotaRemaining, "the monthly reset refills the quota")

	s2 := newDemo(t, pushovertest.WithoutQuotaHeadersOn429())
	s2.SetQuota(1, 0)
	require.Empty(t, postForm(t, s2, "messages.json", demo()).header.Get("X-Limit-App-Reset"))
}

func TestValidateSoundsLimits(t *testing.T) {
	s := newDemo(t)
	s.AddSound("klaxon", "Klaxon")
	a := postForm(t, s, "users/validate.json", url.Values{"token": {pushovertest.DemoToken}, "user": {pushovertest.DemoUser}, "device": {"phone"}})
	require.Equal(t, `{"status":1,"group":0,"devices":["phone","tablet"],"licenses":["Android"],"request":"R"}`, a.normalized())
	a = postForm(t, s, "users/validate.json", url.Values{"token": {pushovertest.DemoToken}, "user": {pushovertest.DemoGroup}})
	require.Equal(t, `{"status":1,"group":1,"devices":[],"licenses":[],"request":"R"}`, a.normalized())
	a = get(t, s, "sounds.json?token="+pushovertest.DemoToken)
	require.Equal(t, 200, a.code)
	require.Contains(t, a.body, `"klaxon":"Klaxon"`)
	require.Contains(t, a.body, `"vibrate":"Vibrate Only"`)
	require.Equal(t, 400, get(t, s, "sounds.json").code)
	require.Equal(t, 400, get(t, s, "apps/limits.json?token=nope").code)
}
