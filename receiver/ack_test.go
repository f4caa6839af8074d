package receiver

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

// TestRepeatAfterAcknowledgementPagesAgain: once oncall acknowledged (the
// bridge learns it by polling, or by Pushover's callback), the repeat
// pages oncall again and says who acknowledged; team's emergency still
// rings and is not re-sent. A restart in between forgets nothing.
func TestRepeatAfterAcknowledgementPagesAgain(t *testing.T) {
	for _, tc := range []struct {
		name     string
		callback bool
		restart  bool
	}{
		{"poll", false, false},
		{"callback", true, false},
		{"poll, restart after the acknowledgement", false, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ef := newEmergencyFixture(t, t.TempDir(), testRouting)
			if tc.callback {
				ef.callbackServer(t)
			}
			code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code)
			r := ef.receiptOf(t, oncallKey)
			if tc.callback {
				require.Equal(t, ef.rt.Pipeline.Callback, r.Callback)
				require.True(t, strings.HasSuffix(r.Callback, "/pushover/callback/"+testCallbackSecret), r.Callback)
			}
			ef.advance(20 * time.Second)
			require.NoError(t, ef.srv.Ack(r.ID, oncallKey, "phone"))
			ackedAt := ef.srv.Now()
			if !tc.callback {
				ef.advance(15 * time.Second) // the receipts are due 30 s after sending
				require.Equal(t, 2, ef.pollAll(t))
			}
			e, ok := ef.emergency(t, r.ID)
			require.True(t, ok)
			require.NotNil(t, e.Ack)
			require.Equal(t, "oncall", e.Ack.By)
			require.Equal(t, "phone", e.Ack.Device)
			require.Equal(t, ackedAt.Unix(), e.Ack.At.Unix())
			require.InDelta(t, 1, testutil.ToFloat64(ef.em.Acknowledged.WithLabelValues("page")), 0)
			require.InDelta(t, 1, testutil.ToFloat64(ef.lm.Outstanding), 0, "team still rings")
			require.Contains(t, ef.logs.String(), "emergency acknowledged")
			require.NotContains(t, ef.logs.String(), oncallKey)
			if tc.restart {
				ef.restart(t, false)
			}

			ef.advance(10 * time.Minute)
			code, a := ef.post(t, readPayload(t, "02-firing-repeat.json"))
			require.Equal(t, 200, code, "%+v", a)
			require.Equal(t, []string{"page/oncall=sent", "page/team=still_ringing"}, outcomes(a))
			msgs := ef.srv.Messages()
			require.Len(t, msgs, 3)
			require.Equal(t, 2, msgs[2].Priority, "an emergency again")
			require.Contains(t, msgs[2].Message, "by oncall on phone")
		})
	}
}

// TestPollingIsGentle: receipts are polled no faster than every 5 s each
// (here every 30 s), at most once per PollOnce, and not after they stop
// ringing.
func TestPollingIsGentle(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting, func(rt *Runtime) {
		rt.Emergency.Config.PollInterval = 0
	})
	require.False(t, ef.tracker.PollOnce(context.Background()), "polling off")
	ef.rt.Emergency.Config = emergency.DefaultConfig()
	code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	polls := 0
	for range 120 { // two minutes, one step per second
		ef.advance(time.Second)
		if ef.tracker.PollOnce(context.Background()) {
			polls++
		}
	}
	require.Equal(t, 7, polls, "each of two receipts every 30 s, one poll a step: at 30, 31, 60, 61, 90, 91, 120 s")
	for _, r := range ef.srv.Receipts() {
		require.Zero(t, r.PollsTooSoon)
	}

	code, _ = ef.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code)
	ef.advance(time.Minute)
	require.False(t, ef.tracker.PollOnce(context.Background()), "cancelled emergencies are not polled")
}

// TestPollingNoticesExpiry: an emergency Pushover stopped ringing on its
// own (after 50 retries, here 50 minutes) is no longer outstanding; the
// repeat pages again.
func TestPollingNoticesExpiry(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	ef.advance(30 * time.Minute)
	require.Equal(t, 2, ef.pollAll(t))
	require.Len(t, ef.outstanding(t), 2)
	ef.advance(25 * time.Minute) // past the 50th retry
	ef.pollAll(t)
	require.Empty(t, ef.outstanding(t))
	code, a := ef.post(t, readPayload(t, "02-firing-repeat.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
}

// TestCallbackEndpoint: the secret must match; the body is a form or JSON.
func TestCallbackEndpoint(t *testing.T) {
	form := func(receipt string) (string, string) {
		return "application/x-www-form-urlencoded", url.Values{"receipt": {receipt}, "acknowledged": {"1"},
			"acknowledged_at": {"1795342200"}, "acknowledged_by": {teamKey}, "acknowledged_by_device": {"tablet"}}.Encode()
	}
	jsonBody := func(receipt string) (string, string) {
		return "application/json", `{"receipt":"` + receipt + `","acknowledged":1,"acknowledged_at":1795342200,` +
			`"acknowledged_by":"` + teamKey + `","acknowledged_by_device":"tablet"}`
	}
	for _, tc := range []struct {
		name   string
		secret string
		body   func(string) (string, string)
		code   int
		acked  bool
	}{
		{"right secret, form", testCallbackSecret, form, 200, true},
		{"right secret, JSON", testCallbackSecret, jsonBody, 200, true},
		{"wrong secret", testCallbackSecret + "x", form, 403, false},
		{"empty secret", "", form, 404, false},
		{"no receipt", testCallbackSecret, func(string) (string, string) { return "text/plain", "hello" }, 400, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ef := newEmergencyFixture(t, "", testRouting)
			code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code)
			r := ef.receiptOf(t, teamKey)
			mux := http.NewServeMux()
			mux.Handle("POST "+emergency.CallbackPath+"{secret}", ef.h.CallbackHandler())
			ctype, body := tc.body(r.ID)
			req := httptest.NewRequest(http.MethodPost, emergency.CallbackPath+tc.secret, strings.NewReader(body))
			req.Header.Set("Content-Type", ctype)
			rec := httptest.NewRecorder()
			mux.ServeHTTP(rec, req)
			require.Equal(t, tc.code, rec.Code, rec.Body.String())
			e, _ := ef.emergency(t, r.ID)
			require.Equal(t, tc.acked, e.Ack != nil)
			if tc.acked {
				require.Equal(t, "team", e.Ack.By, "the group's own key names the group")
				require.Equal(t, "tablet", e.Ack.Device)
				require.Equal(t, int64(1795342200), e.Ack.At.Unix())
			}
			require.NotContains(t, ef.logs.String(), testCallbackSecret)
			require.NotContains(t, ef.logs.String(), teamKey)
		})
	}
}

// fakeAlertmanager stands in for Alertmanager's API v2: it records the
// silences posted and fails the first failures attempts with 500.
type fakeAlertmanager struct {
	mu       sync.Mutex
	silences []emergency.Silence
	auth     []string
	failures int
}

func (f *fakeAlertmanager) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if r.Method != http.MethodPost || r.URL.Path != "/am/api/v2/silences" {
		http.NotFound(w, r)
		return
	}
	if f.failures > 0 {
		f.failures--
		http.Error(w, "boom", http.StatusInternalServerError)
		return
	}
	var s emergency.Silence
	b, _ := io.ReadAll(r.Body)
	if err := json.Unmarshal(b, &s); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	f.silences = append(f.silences, s)
	f.auth = append(f.auth, r.Header.Get("Authorization"))
	_ = json.NewEncoder(w).Encode(map[string]string{"silenceID": "s-1"})
}

// TestSilenceOnAck: on acknowledgement, silence_on_ack creates one
// silence per acknowledged alert, with an equality matcher on each of its
// labels, for the route's duration; failures are retried.
func TestSilenceOnAck(t *testing.T) {
	for _, tc := range []struct {
		name     string
		failures int
		created  float64
		failed   float64
	}{
		{"first attempt", 0, 2, 0},
		{"after a 500", 1, 2, 0},
		{"Alertmanager down", 100, 0, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			am := &fakeAlertmanager{failures: tc.failures}
			amSrv := httptest.NewServer(am)
			t.Cleanup(amSrv.Close)
			routes := strings.Replace(testRouting, "    resolved_sound: magic\n", "    resolved_sound: magic\n    silence_on_ack: 2h\n", 1)
			ef := newEmergencyFixture(t, "", routes, func(rt *Runtime) {
				rt.Emergency.Alertmanager.URL = amSrv.URL + "/am/"
				rt.Emergency.AlertmanagerToken = "am-token"
			})
			code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code)
			r := ef.receiptOf(t, oncallKey)
			require.NoError(t, ef.srv.Ack(r.ID, oncallKey, "phone"))
			ef.advance(30 * time.Second)
			ef.pollAll(t)
			ef.wait(t) // silences are created in the background

			require.InDelta(t, tc.created, testutil.ToFloat64(ef.em.Silences.WithLabelValues("created")), 0)
			require.InDelta(t, tc.failed, testutil.ToFloat64(ef.em.Silences.WithLabelValues("failed")), 0)
			if tc.created == 0 {
				require.Contains(t, ef.logs.String(), "could not create silence")
				return
			}
			require.Len(t, am.silences, 2)
			for i, s := range am.silences {
				require.Equal(t, "Bearer am-token", am.auth[i])
				require.Equal(t, 2*time.Hour, s.EndsAt.Sub(s.StartsAt))
				require.Equal(t, emergency.SilenceCreatedBy, s.CreatedBy)
				require.Contains(t, s.Comment, `route "page"`)
				require.Contains(t, s.Comment, "oncall")
				require.NotContains(t, s.Comment, oncallKey)
			}
			instance := func(i int) string { return "api-" + string(rune('1'+i)) + ":9090" }
			for i, s := range am.silences {
				require.Equal(t, []emergency.Matcher{
					{Name: "alertname", Value: "HighLatency", IsEqual: true},
					{Name: "cluster", Value: "prod-eu", IsEqual: true},
					{Name: "instance", Value: instance(i), IsEqual: true},
					{Name: "job", Value: "api", IsEqual: true},
					{Name: "severity", Value: "critical", IsEqual: true},
				}, s.Matchers)
			}
		})
	}
}

// TestSilenceAtExternalURL: without alertmanager.url the payload's
// externalURL is used, and never with a credential (issue 10, item 6):
// whoever can reach POST /alerts chooses that URL. (The configuration
// refuses a token without a URL; this runtime has one all the same.)
func TestSilenceAtExternalURL(t *testing.T) {
	am := &fakeAlertmanager{}
	amSrv := httptest.NewServer(am)
	t.Cleanup(amSrv.Close)
	routes := strings.Replace(testRouting, "    resolved_sound: magic\n", "    resolved_sound: magic\n    silence_on_ack: 30m\n", 1)
	ef := newEmergencyFixture(t, "", routes, func(rt *Runtime) { rt.Emergency.AlertmanagerToken = "am-token" })
	var p map[string]any
	require.NoError(t, json.Unmarshal(readPayload(t, "01-firing-first.json"), &p))
	p["externalURL"] = amSrv.URL + "/am"
	body, err := json.Marshal(p)
	require.NoError(t, err)
	code, _ := ef.post(t, body)
	require.Equal(t, 200, code)
	r := ef.receiptOf(t, oncallKey)
	_, err = ef.tracker.Acknowledge(context.Background(), emergency.Acknowledgement{Receipt: r.ID, UserKey: oncallKey, Source: "test"})
	require.NoError(t, err)
	ef.wait(t)
	require.Len(t, am.silences, 2)
	require.Equal(t, 30*time.Minute, am.silences[0].EndsAt.Sub(am.silences[0].StartsAt))
	require.Equal(t, []string{"", ""}, am.auth, "no credential to a URL the payload chose")
}

// TestSilencesEndWithTheApplication: silences are created with the
// application's context, so a stopping bridge abandons them at once (no
// request, no retries) instead of holding shutdown for their backoff.
func TestSilencesEndWithTheApplication(t *testing.T) {
	am := &fakeAlertmanager{}
	amSrv := httptest.NewServer(am)
	t.Cleanup(amSrv.Close)
	routes := strings.Replace(testRouting, "    resolved_sound: magic\n", "    resolved_sound: magic\n    silence_on_ack: 2h\n", 1)
	ef := newEmergencyFixture(t, "", routes, func(rt *Runtime) { rt.Emergency.Alertmanager.URL = amSrv.URL + "/am/" })
	code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	r := ef.receiptOf(t, oncallKey)

	life, stop := context.WithCancel(context.Background())
	ef.life = life
	ef.build(ef.rt)
	stop() // the bridge is shutting down
	_, err := ef.tracker.Acknowledge(context.Background(), emergency.Acknowledgement{Receipt: r.ID, UserKey: oncallKey, Source: "test"})
	require.NoError(t, err)
	ef.wait(t)
	require.Empty(t, am.silences, "no request after the application ended")
	require.InDelta(t, 2, testutil.ToFloat64(ef.em.Silences.WithLabelValues("failed")), 0)
}
