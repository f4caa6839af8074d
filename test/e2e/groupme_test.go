package e2e

import (
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// roomOptions add a GroupMe room, db-room (the fake's demo bot, its id in
// a file), and the groupme section pointing at gm, to o.
func roomOptions(gm *groupmetest.Server, o stackOptions) stackOptions {
	o.recipients = "  db-room:\n    groupme: {bot_id_file: db-room-bot}\n"
	o.files = map[string]string{"db-room-bot": groupmetest.DemoBotID + "\n", "groupme-token": groupmetest.DemoAccessToken + "\n"}
	o.extra += fmt.Sprintf("groupme:\n  access_token_file: groupme-token\n  api_url: %s\n  image_url: %s\n  timeout: 5s\n",
		gm.URL, gm.ImageURL)
	return o
}

// amNotified reports whether at least n of Alertmanager's webhook
// requests succeeded (each attempt is a request).
func (s *stack) amNotified(n float64) bool {
	return s.amMetric("alertmanager_notification_requests_total", "integration", "webhook")-
		s.amMetric("alertmanager_notification_requests_failed_total", "integration", "webhook") >= n
}

// statusPage returns the bridge's status page.
func (s *stack) statusPage() string {
	s.t.Helper()
	resp, err := http.Get(s.bridgeURL + "/")
	require.NoError(s.t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(s.t, err)
	return string(b)
}

// A group routed to a GroupMe room arrives there as plain text: the
// title, the alert's summary, and on resolve a message that says so.
func TestGroupRoutedToRoomArrivesInGroupMe(t *testing.T) {
	t.Parallel()
	gm := groupmetest.New(t, groupmetest.WithDemo())
	s := newStack(t, roomOptions(gm, stackOptions{routes: `routes:
  - name: team-room
    to: [db-room]
`}))
	a := alert("alertname", "ReplicationLag", "cluster", "e2e", "severity", "warning", "instance", "db-2")
	a.Annotations = map[string]string{"summary": "db-2 lags <b>90s</b> behind"}
	s.post(a)
	require.Eventually(t, func() bool { return len(gm.Posts()) >= 1 }, await, 50*time.Millisecond, "the room's post")
	p := gm.Posts()[0]
	require.Equal(t, groupmetest.DemoBotID, p.BotID)
	require.Equal(t, groupmetest.DemoGroupID, p.GroupID)
	title := strings.SplitN(p.Text, "\n", 2)[0]
	require.Contains(t, title, "FIRING 1", "the first line is the title")
	require.Contains(t, title, "ReplicationLag")
	require.Contains(t, p.Text, "db-2 lags <b>90s</b> behind", "plain text: the annotation as written")
	require.NotContains(t, p.Text, "EMERGENCY")
	require.Empty(t, s.fake.Messages(), "nothing went to Pushover")

	s.post(resolved(a)...)
	require.Eventually(t, func() bool { return len(gm.Posts()) >= 2 }, await, 50*time.Millisecond, "the resolved post")
	require.Contains(t, gm.Posts()[1].Text, "RESOLVED")
	// The fake records a post before the bridge has its answer: await the count.
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_deliveries_total", "route", "team-room", "outcome", "sent") == 2
	}, "both deliveries counted as sent")
	require.Equal(t, 2.0, s.bridgeMetric("alertmanager_pushover_groupme_requests_total", "endpoint", "bots_post", "outcome", "success"))
	require.Len(t, gm.Posts(), 2)
}

// fallbackRoutes page oncall and fall back to the room.
const fallbackRoutes = `routes:
  - name: page-db
    to: [oncall]
    priority: high
    fallback: [db-room]
`

// A page whose Pushover quota is exhausted arrives in the fallback room,
// exactly once, and the webhook's answer, metrics, logs and status page
// say so.
func TestExhaustedQuotaFallsBackToTheRoomOnce(t *testing.T) {
	t.Parallel()
	gm := groupmetest.New(t, groupmetest.WithDemo())
	s := newStack(t, roomOptions(gm, stackOptions{routes: fallbackRoutes}))
	s.fake.SetQuota(100, 0)
	s.post(alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1"))

	s.eventually(func() bool { return s.amNotified(1) }, "Alertmanager's notification to succeed")
	posts := gm.Posts()
	require.Len(t, posts, 1, "the page is in the room once")
	require.Contains(t, posts[0].Text, "DiskFull")
	require.Empty(t, s.fake.Messages(), "Pushover accepted nothing")
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_fallbacks_total", "route", "page-db", "reason", "quota"))
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_deliveries_total", "route", "page-db", "outcome", "fallback_sent"))
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_deliveries_total", "route", "page-db", "outcome", "sent"),
		"the fallback delivery")
	require.True(t, s.bridgeLogged(`sending to the route's fallback.*reason=quota`), "the fallback is logged")
	page := s.statusPage()
	require.Contains(t, page, "db-room (fallback)")
	require.Contains(t, page, "fallback_sent")
}

// When GroupMe fails too, the bridge answers 503 and nothing is lost:
// Alertmanager's retry delivers the page to the room. A post that
// GroupMe took after the answer went out (slower than receiver.timeout)
// is recorded, so the retry does not post it twice.
func TestFallbackFailingTooIsRetriedNeverDoubled(t *testing.T) {
	t.Parallel()
	gm := groupmetest.New(t, groupmetest.WithDemo())
	s := newStack(t, roomOptions(gm, stackOptions{routes: fallbackRoutes, receiver: "  timeout: 2s"}))
	s.fake.SetQuota(100, 0)
	gm.Inject(groupmetest.Fault{Kind: groupmetest.Fault503, Endpoint: groupmetest.EndpointPost})
	gm.Inject(groupmetest.Fault{Kind: groupmetest.FaultSlow, Endpoint: groupmetest.EndpointPost, Delay: 3 * time.Second})
	s.post(alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1"))

	s.eventually(func() bool { return s.amNotified(1) }, "Alertmanager's notification to succeed at last")
	require.GreaterOrEqual(t, s.amMetric("alertmanager_notification_requests_failed_total", "integration", "webhook"), 2.0,
		"the bridge answered 503 to the failed post and to the slow one")
	require.Len(t, gm.Posts(), 1, "the slow post went through once; the retry did not post again")
	require.Equal(t, 0, gm.QueuedFaults())
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_deliveries_total", "route", "page-db", "outcome", "deduplicated"), 1.0,
		"the retry found the fallback accepted")
	require.Empty(t, s.fake.Messages())
}
