package e2e

import (
	"fmt"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// pageAndTeamRoutes page the on-call user for critical alerts and tell the
// team group about critical and warning ones, at normal priority.
const pageAndTeamRoutes = `routes:
  - name: page-oncall
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    sound: siren
    retry: 1m
    expire: 1h
    continue: true
  - name: team
    matchers: ['severity=~"critical|warning"']
    to: [team]
    priority: normal
`

// A group that mixes a critical and a warning alert pages the on-call user
// at emergency priority about the critical one only, tells the team group
// about both at normal priority, escapes hostile annotations, and on
// resolve sends both recipients a low-priority message and cancels the page.
func TestMixedSeverityGroupRoutesPerAlert(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageAndTeamRoutes}) // group_by [alertname, cluster]

	critical := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1")
	critical.Annotations = map[string]string{
		"summary": `db-1 is full <script>alert("pwned")</script><b onmouseover="steal()">now</b>`,
	}
	warning := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "warning", "instance", "db-2")
	warning.Annotations = map[string]string{"summary": "db-2 is 85% full"}
	s.post(critical, warning)

	s.eventually(func() bool {
		return len(s.messagesTo(pushovertest.DemoUser)) >= 1 && len(s.messagesTo(pushovertest.DemoGroup)) >= 1
	}, "the page and the team message")

	page := s.messagesTo(pushovertest.DemoUser)[0]
	require.Equal(t, 2, page.Priority, "the on-call user is paged at emergency priority")
	require.Equal(t, "60", page.Params["retry"])
	require.Equal(t, "3600", page.Params["expire"])
	require.Equal(t, "siren", page.Params["sound"])
	require.Equal(t, "phone", page.Params["device"])
	require.Equal(t, "1", page.Params["html"])
	require.Regexp(t, tagRE, page.Params["tags"])
	require.Equal(t, []pushovertest.Delivery{{User: pushovertest.DemoUser, Devices: []string{"phone"}}}, page.Deliveries)
	require.Contains(t, page.Title, "DiskFull")
	require.Contains(t, page.Title, "FIRING 1", "the warning alert is not part of the page")
	require.Contains(t, page.Message, "db-1 is full")
	require.NotContains(t, page.Message, "db-2")
	requireNoRawHTML(t, page)
	require.Contains(t, page.Message, "&lt;script&gt;", "the annotation is shown as text")

	team := s.messagesTo(pushovertest.DemoGroup)[0]
	require.Equal(t, 0, team.Priority, "the team hears at normal priority")
	require.Empty(t, team.Params["retry"])
	require.Empty(t, team.Params["expire"])
	require.Empty(t, team.Params["tags"])
	require.Empty(t, team.Params["sound"])
	require.Empty(t, team.Params["device"])
	require.Equal(t, "1", team.Params["html"])
	require.Contains(t, team.Title, "DiskFull")
	require.Contains(t, team.Title, "FIRING 2")
	require.Contains(t, team.Message, "db-1 is full")
	require.Contains(t, team.Message, "db-2 is 85% full")
	requireNoRawHTML(t, team)

	s.post(resolved(critical, warning)...)
	s.eventually(func() bool {
		return len(s.messagesTo(pushovertest.DemoUser)) >= 2 && len(s.messagesTo(pushovertest.DemoGroup)) >= 2
	}, "the resolved messages")

	for _, user := range []string{pushovertest.DemoUser, pushovertest.DemoGroup} {
		msgs := s.messagesTo(user)
		require.Len(t, msgs, 2, "%s: one firing and one resolved message", keyName(user))
		r := msgs[1]
		require.Equal(t, -1, r.Priority, "%s: resolved at low priority", keyName(user))
		require.Empty(t, r.Params["retry"], "a resolved message is never an emergency")
		require.Empty(t, r.Params["tags"])
		require.Contains(t, r.Title, "RESOLVED")
		requireNoRawHTML(t, r)
	}
	require.Len(t, s.cancelsOf(page), 1, "the page is cancelled, by its receipt")
	require.Len(t, s.cancels(), 1, "the team's normal-priority route cancels nothing")
	require.True(t, s.receiptOf(page).Canceled, "the page stopped ringing")
	require.Zero(t, s.fake.DuplicateMessages())
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "exactly one emergency")
}

// requireNoRawHTML checks that the hostile annotation reached the phone as
// text, not as markup.
func requireNoRawHTML(t *testing.T, m pushovertest.Message) {
	t.Helper()
	for _, s := range []string{m.Title, m.Message} {
		require.NotContains(t, s, "<script")
		require.NotContains(t, s, "<b onmouseover")
	}
}

func countPriority(msgs []pushovertest.Message, priority int) int {
	n := 0
	for _, m := range msgs {
		if m.Priority == priority {
			n++
		}
	}
	return n
}

// Alerts that match no route are not silently dropped: the bridge counts
// them, answers 200 (no retry can route them) and still delivers the
// alerts of the same group that do match.
func TestUnroutedAlertsAreCounted(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: `routes:
  - name: page-oncall
    matchers: ['severity="critical"']
    to: [oncall]
    priority: high
`})
	// One group: the same alertname and cluster.
	routed := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1")
	routed.Annotations = map[string]string{"summary": "db-1 is full"}
	unrouted := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "info", "instance", "db-2")
	unrouted.Annotations = map[string]string{"summary": "db-2 is filling up"}
	s.post(routed, unrouted)
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_alerts_unrouted_total") >= 1 &&
			len(s.messagesTo(pushovertest.DemoUser)) >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 1
	}, "an unrouted alert counted, the routed one delivered, the webhook answered")

	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_alerts_unrouted_total"))
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "unrouted"))
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200"))
	msgs := s.fake.Messages()
	require.Len(t, msgs, 1)
	require.Contains(t, msgs[0].Title, "FIRING 1")
	require.Contains(t, msgs[0].Message, "db-1 is full")
	require.NotContains(t, msgs[0].Message, "db-2")
	require.True(t, s.bridgeLogged(`alerts matched no route.* alerts=1 alertnames=DiskFull`), "the unrouted alert is logged by name")
}

// With the wrong bearer token in Alertmanager's webhook config the bridge
// answers 401, Alertmanager counts a failed notification (4xx is not
// retried), and nothing reaches Pushover.
func TestWrongBearerTokenIsRefused(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{amBearer: "not-the-bridge-token", routes: `routes:
  - name: everything
    to: [team]
`})
	s.post(alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical"))
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "401") >= 1 &&
			s.amMetric("alertmanager_notifications_failed_total", "integration", "webhook") >= 1
	}, "the bridge refused Alertmanager's webhook and Alertmanager gave up")

	require.Empty(t, s.fake.Requests(), "nothing reached Pushover")
	require.Zero(t, s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200"))
	require.Zero(t, s.bridgeMetric("alertmanager_pushover_alerts_received_total"), "the body was not even read")

	// The 401 is what Alertmanager saw; show it as a client would.
	req, err := http.NewRequest(http.MethodPost, s.bridgeURL+"/alerts", http.NoBody)
	require.NoError(t, err)
	req.Header.Set("Authorization", "Bearer not-the-bridge-token")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusUnauthorized, resp.StatusCode)
	require.Contains(t, resp.Header.Get("WWW-Authenticate"), "Bearer")
}

// Alertmanager's max_alerts cuts a large group: the message says how many
// alerts it does not show, counting those Alertmanager left out.
func TestTruncatedGroupSaysHowManyMore(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{maxAlerts: 2, routes: `routes:
  - name: team
    to: [team]
`})
	var alerts []amAlert
	for i := 1; i <= 5; i++ {
		a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "warning", "instance", fmt.Sprintf("db-%d", i))
		a.Annotations = map[string]string{"summary": fmt.Sprintf("db-%d is full", i)}
		alerts = append(alerts, a)
	}
	s.post(alerts...)
	s.eventually(func() bool { return len(s.fake.Messages()) >= 1 }, "the team message")

	m := s.fake.Messages()[0]
	require.Contains(t, m.Title, "FIRING 5", "the title counts every firing alert")
	require.Contains(t, m.Message, "and 3 more", "the message names the 3 alerts it leaves out")
	require.Equal(t, 2, strings.Count(m.Message, " is full"), "the two alerts Alertmanager sent are shown")
}
