package action

import (
	"bytes"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient/amclienttest"
)

// amSilences reads a real Alertmanager's silences with its own API, not
// with amclient, so that what the test sees is what Alertmanager holds.
func amSilences(t *testing.T, amURL string) []amclient.Silence {
	t.Helper()
	resp, err := http.Get(amURL + "/api/v2/silences")
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
	var out []amclient.Silence
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&out))
	return out
}

func postAMAlert(t *testing.T, amURL string, labels map[string]string, endsAt time.Time) {
	t.Helper()
	a := map[string]any{"labels": labels, "startsAt": time.Now().Add(-time.Minute)}
	if !endsAt.IsZero() {
		a["endsAt"] = endsAt
	}
	body, err := json.Marshal([]any{a})
	require.NoError(t, err)
	resp, err := http.Post(amURL+"/api/v2/alerts", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}

// TestRealAlertmanagerSilence1hAndExpire: "Silence 1 h" makes one silence
// in a real Alertmanager with exact matchers, created by the link's
// recipient; a double tap makes no second; Expire ends it.
func TestRealAlertmanagerSilence1hAndExpire(t *testing.T) {
	amURL := amclienttest.StartReal(t)
	e := newEnvWith(t, amURL, time.Time{}, time.Now)
	link := e.link("alice")
	before := time.Now()
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeDone)
	requireRedirect(t, e.post(t, link, ActionSilence1h), link, ActionSilence1h, OutcomeAlready)

	sils := amSilences(t, amURL)
	require.Len(t, sils, 1)
	s := sils[0]
	require.Equal(t, amclient.StateActive, s.Status.State)
	require.Equal(t, "alice", s.CreatedBy)
	require.ElementsMatch(t, []amclient.Matcher{
		{Name: "alertname", Value: "DiskFull", IsEqual: true}, {Name: "cluster", Value: "prod", IsEqual: true},
		{Name: "instance", Value: "db-1:9100", IsEqual: true}, {Name: "severity", Value: "critical", IsEqual: true},
	}, s.Matchers)
	require.WithinDuration(t, before.Add(time.Hour), s.EndsAt, time.Minute)

	_, body := get(t, link)
	require.Contains(t, body, "by alice from an action page; covers 1 of these alerts")
	requireRedirect(t, e.post(t, link, ActionExpire), link, ActionExpire, OutcomeDone)
	require.Equal(t, amclient.StateExpired, amSilences(t, amURL)[0].Status.State)
	_, body = get(t, link)
	require.Contains(t, body, "No active silence covers these alerts.")
}

// TestRealAlertmanagerUntilResolved: the sweep keeps an until-resolved
// silence while its alert fires in Alertmanager and expires it after.
func TestRealAlertmanagerUntilResolved(t *testing.T) {
	amURL := amclienttest.StartReal(t)
	e := newEnvWith(t, amURL, time.Time{}, time.Now)
	labels := e.groups.view.Alerts[0].Labels
	postAMAlert(t, amURL, labels, time.Time{})
	link := e.link("alice")
	requireRedirect(t, e.post(t, link, ActionSilenceResolved), link, ActionSilenceResolved, OutcomeDone)
	n, err := e.svc.SweepUntilResolved(t.Context())
	require.NoError(t, err)
	require.Zero(t, n)
	require.Equal(t, amclient.StateActive, amSilences(t, amURL)[0].Status.State)

	postAMAlert(t, amURL, labels, time.Now().Add(-time.Second))
	n, err = e.svc.SweepUntilResolved(t.Context())
	require.NoError(t, err)
	require.Equal(t, 1, n)
	require.Equal(t, amclient.StateExpired, amSilences(t, amURL)[0].Status.State)
}
