package action

import (
	"errors"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

// requireRedirect checks the 303 back to the page naming the outcome.
func requireRedirect(t *testing.T, resp *http.Response, link, action, outcome string) {
	t.Helper()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	loc, err := url.Parse(link)
	require.NoError(t, err)
	got, err := loc.Parse(resp.Header.Get("Location"))
	require.NoError(t, err)
	require.Equal(t, loc.Path, got.Path)
	require.Equal(t, action, got.Query().Get("done"))
	require.Equal(t, outcome, got.Query().Get("outcome"))
}

func TestAcknowledgeIsIdempotent(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionAck), link, ActionAck, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionAck), link, ActionAck, OutcomeAlready)
	require.Equal(t, []string{"alice"}, e.groups.ackCalls(), "a double tap acknowledges once")
	_, body := get(t, link+"?done=ack&outcome=done")
	require.Contains(t, body, "Acknowledged by alice</strong> at 2026-03-14 09:26 UTC")
	require.Contains(t, body, `role="status">Acknowledged: the emergency stops ringing`)
	require.NotContains(t, body, ">Acknowledge</button>")
	require.Equal(t, 1.0, testutil.ToFloat64(e.svc.o.Metrics.Actions.WithLabelValues(ActionAck, OutcomeDone)))
	require.Equal(t, 1.0, testutil.ToFloat64(e.svc.o.Metrics.Actions.WithLabelValues(ActionAck, OutcomeAlready)))
	ev := e.rec.all()
	require.Len(t, ev, 2)
	require.Equal(t, Event{At: testNow, Group: testGroup, Recipient: "alice", Action: ActionAck, Outcome: OutcomeDone}, ev[0])
}

func TestAcknowledgeFailure(t *testing.T) {
	e := newEnv(t)
	e.groups.err = errors.New("pushover unavailable")
	link := e.link("bob")
	requireRedirect(t, e.post(t, link, ActionAck), link, ActionAck, OutcomeFailed)
	_, body := get(t, link+"?done=ack&outcome=failed")
	require.Contains(t, body, "That did not work")
	require.Equal(t, []string{"bob"}, e.groups.ackCalls())
}

func TestSilenceCreatesExactSilencesOnce(t *testing.T) {
	e := newEnv(t)
	e.groups.view.Alerts[1].Status = StatusFiring
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeAlready)
	sils := e.am.Silences()
	require.Len(t, sils, 2, "one silence per firing alert, and a double tap adds none")
	for i, s := range sils {
		require.True(t, amclient.SameMatchers(amclient.ExactMatchers(e.groups.view.Alerts[i].Labels), s.Matchers))
		require.Equal(t, "alice", s.CreatedBy)
		require.True(t, s.EndsAt.Equal(testNow.Add(time.Hour)))
		require.True(t, strings.HasPrefix(s.Comment, CommentPrefix))
		require.True(t, s.Active())
	}
	_, body := get(t, link+"?done=silence-1h&outcome=done")
	require.Contains(t, body, "Silenced for 1 hour.")
	require.Contains(t, body, "Expire the silence</button>")
	require.Equal(t, "silence-1 silence-2", e.rec.all()[0].Detail)
}

func TestSilenceOnlyFiringAlerts(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionSilence4h), link, ActionSilence4h, OutcomeDone)
	sils := e.am.Silences()
	require.Len(t, sils, 1)
	require.True(t, amclient.SameMatchers(amclient.ExactMatchers(e.groups.view.Alerts[0].Labels), sils[0].Matchers))
	require.True(t, sils[0].EndsAt.Equal(testNow.Add(4*time.Hour)))
}

func TestSilenceLongerExtendsTheSameSilence(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeDone)
	e.advance(10 * time.Minute)
	requireRedirect(t, e.post(t, link, ActionSilence24h), link, ActionSilence24h, OutcomeDone)
	sils := e.am.Silences()
	require.Len(t, sils, 1, "extended, not doubled")
	require.True(t, sils[0].EndsAt.Equal(testNow.Add(10*time.Minute+24*time.Hour)))
}

func TestSilenceManyAlertsUsesCommonLabels(t *testing.T) {
	e := newEnv(t)
	var alerts []Alert
	for i := range maxSilences + 1 {
		alerts = append(alerts, Alert{Status: StatusFiring, Labels: map[string]string{
			"alertname": "DiskFull", "cluster": "prod", "instance": strings.Repeat("x", i+1)}})
	}
	e.groups.view.Alerts = alerts
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeDone)
	sils := e.am.Silences()
	require.Len(t, sils, 1)
	require.True(t, amclient.SameMatchers(amclient.ExactMatchers(map[string]string{"alertname": "DiskFull", "cluster": "prod"}), sils[0].Matchers))

	alerts[0].Labels = map[string]string{"other": "x"}
	requireRedirect(t, e.post(t, link, ActionSilence4h), link, ActionSilence4h, OutcomeFailed)
}

func TestExpireOnlyTheActionPagesSilences(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	foreign, err := e.svc.o.Silencer.Create(t.Context(), amclient.Silence{Matchers: amclient.ExactMatchers(e.groups.view.Alerts[0].Labels),
		StartsAt: testNow, EndsAt: testNow.Add(time.Hour), CreatedBy: "carol", Comment: "maintenance"})
	require.NoError(t, err)
	requireRedirect(t, e.post(t, link, ActionExpire), link, ActionExpire, OutcomeAlready)
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionExpire), link, ActionExpire, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionExpire), link, ActionExpire, OutcomeAlready)
	for _, s := range e.am.Silences() {
		require.Equal(t, s.ID == foreign, s.Active(), s.ID)
	}
	require.Contains(t, e.am.Requests(), "DELETE /api/v2/silence/silence-2")
	require.NotContains(t, e.am.Requests(), "DELETE /api/v2/silence/"+foreign)
}

func TestSilenceUntilResolvedAndSweep(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	labels := e.groups.view.Alerts[0].Labels
	e.am.SetFiring(labels)
	requireRedirect(t, e.post(t, link, ActionSilenceResolved), link, ActionSilenceResolved, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionSilenceResolved), link, ActionSilenceResolved, OutcomeAlready)
	sils := e.am.Silences()
	require.Len(t, sils, 1)
	require.True(t, sils[0].EndsAt.Equal(testNow.Add(24*time.Hour)), "until resolved lasts as long as the link at most")

	n, err := e.svc.SweepUntilResolved(t.Context())
	require.NoError(t, err)
	require.Zero(t, n, "the alert still fires")
	e.am.SetFiring()
	n, err = e.svc.SweepUntilResolved(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.False(t, e.am.Silences()[0].Active())
}

func TestSilenceFailureIsReported(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	e.am.Fail(http.StatusInternalServerError)
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeFailed)
	_, body := get(t, link)
	require.Contains(t, body, "Alertmanager cannot be reached")
	require.NotContains(t, body, e.am.URL)
	require.Equal(t, 1.0, testutil.ToFloat64(e.svc.o.Metrics.Actions.WithLabelValues(ActionSilence1h, OutcomeFailed)))
}

func TestPostsThatAreRefused(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	tok := link[strings.LastIndex(link, "/")+1:]
	bob := e.link("bob")
	bobTok := bob[strings.LastIndex(bob, "/")+1:]
	for _, tc := range []struct {
		name   string
		link   string
		form   url.Values
		header string
		code   int
	}{
		{"no token", link, url.Values{"action": {ActionAck}}, "", http.StatusForbidden},
		{"token of another action", link, url.Values{"action": {ActionSilence24h}, "token": {e.svc.signer.formToken(tok, ActionAck)}}, "", http.StatusForbidden},
		{"token of another link", link, url.Values{"action": {ActionAck}, "token": {e.svc.signer.formToken(bobTok, ActionAck)}}, "", http.StatusForbidden},
		{"unknown action", link, url.Values{"action": {"delete"}, "token": {e.svc.signer.formToken(tok, "delete")}}, "", http.StatusForbidden},
		{"cross-site", link, url.Values{"action": {ActionAck}, "token": {e.svc.signer.formToken(tok, ActionAck)}}, "cross-site", http.StatusForbidden},
		{"forged link", link[:len(link)-2] + "AA", url.Values{"action": {ActionAck}}, "", http.StatusForbidden},
	} {
		t.Run(tc.name, func(t *testing.T) {
			req, err := http.NewRequest(http.MethodPost, tc.link, strings.NewReader(tc.form.Encode()))
			require.NoError(t, err)
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			if tc.header != "" {
				req.Header.Set("Sec-Fetch-Site", tc.header)
			}
			resp, err := noRedirect.Do(req)
			require.NoError(t, err)
			resp.Body.Close()
			require.Equal(t, tc.code, resp.StatusCode)
		})
	}
	require.Empty(t, e.groups.ackCalls())
	require.Empty(t, e.am.Silences())
}

// TestNoReplayAfterExpiry: a form token of a page is worthless once its
// link has expired.
func TestNoReplayAfterExpiry(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	e.advance(24 * time.Hour)
	resp := e.post(t, link, ActionSilence1h)
	require.Equal(t, http.StatusGone, resp.StatusCode)
	require.Empty(t, e.am.Silences())
	require.Equal(t, 1.0, testutil.ToFloat64(e.svc.o.Metrics.Refused.WithLabelValues("expired")))
}

func TestFlashIgnoresUnknownValues(t *testing.T) {
	require.Nil(t, flashFor("<script>", OutcomeDone))
	require.Nil(t, flashFor(ActionAck, "<script>"))
	require.NotNil(t, flashFor(ActionExpire, OutcomeAlready))
}
