package pipeline_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient/amclienttest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// Alertmanager's answer decides whether a level fires: an alert silenced
// away (no longer active) halts the escalation; no Alertmanager configured
// or an error lets the level fire.
func TestStillFiring(t *testing.T) {
	f := newEscFixture(t)
	f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	rec := f.escalation(t)
	am := amclienttest.NewServer(t)
	client, err := amclient.New(am.URL, "", nil, time.Second)
	require.NoError(t, err)
	check := pipeline.StillFiring(func() (pipeline.AlertCounter, error) { return client, nil })

	am.SetFiring(map[string]string{"alertname": "DBDown", "severity": "critical"})
	firing, _, err := check(context.Background(), rec)
	require.NoError(t, err)
	require.True(t, firing)

	am.SetFiring() // silenced away: Alertmanager lists it no longer
	firing, reason, err := check(context.Background(), rec)
	require.NoError(t, err)
	require.False(t, firing)
	require.Equal(t, pipeline.NotPaging, reason)

	am.Fail(http.StatusInternalServerError)
	firing, _, err = check(context.Background(), rec)
	require.Error(t, err)
	require.True(t, firing, "a page too many beats a missed one")

	none := pipeline.StillFiring(func() (pipeline.AlertCounter, error) { return nil, nil })
	firing, _, err = none(context.Background(), rec)
	require.NoError(t, err)
	require.True(t, firing)
}

// A later firing message of the group says the escalation is under way.
func TestLaterMessageShowsEscalation(t *testing.T) {
	f := newEscFixture(t)
	f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	m := webhookOf("firing")
	b := m.Alerts[0]
	b.Fingerprint, b.Labels = "fp2", template.KV{"alertname": "DBDown", "severity": "critical", "instance": "db-2"}
	m.Alerts = append(m.Alerts, b) // a new alert joins the group: a new page
	res := f.p.Process(context.Background(), f.rt, m)
	require.Equal(t, pipeline.OutcomeSent, res[0].Outcome)
	msgs := f.messagesTo(pushovertest.DemoUser)
	require.Len(t, msgs, 2)
	require.Contains(t, msgs[1].Message, "Escalating</b>: alice did not answer · level 2 at 03:10 UTC")
}

// A later webhook of the group (a new alert joins it) does not cancel the
// page of an escalation level, whose recipient is not among the route's
// own: it rings until the escalation stops.
func TestLaterWebhookKeepsEscalationPages(t *testing.T) {
	f := newEscFixture(t)
	f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	f.fireLevel2(t)
	second := f.messagesTo(bobKey)[0]

	m := webhookOf("firing")
	b := m.Alerts[0]
	b.Fingerprint, b.Labels = "fp2", template.KV{"alertname": "DBDown", "severity": "critical", "instance": "db-2"}
	m.Alerts = append(m.Alerts, b)
	res := f.p.Process(context.Background(), f.rt, m)
	require.Len(t, res, 1, "no cancellation of bob's page")
	rc, _ := f.srv.Receipt(second.Receipt)
	require.False(t, rc.Canceled)

	res = f.p.Process(context.Background(), f.rt, webhookOf("resolved"))
	rc, _ = f.srv.Receipt(second.Receipt)
	require.True(t, rc.Canceled, "the resolve cancels it: %+v", res)
}
