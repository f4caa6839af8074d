package e2e

import (
	"context"
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/browsertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// linkSecret is the bridge's web.link_secret in the browser test, so that
// the test can make an expired link the bridge itself would have made.
const linkSecret = "e2e-link-secret-0123456789"

// actionRoutes page the on-call user for critical alerts and tell the team
// of warnings (the warning group is the test's clock: its repeats show
// that Alertmanager went round its groups).
const actionRoutes = pageRoute + `  - name: team
    matchers: ['severity="warning"']
    to: [team]
    priority: normal
`

// TestActionPageInABrowser drives the action page as a phone would: an
// alert fires through a real Alertmanager; the emergency the fake Pushover
// receives links to the bridge's action page; a headless Chromium at a
// phone's size opens it, taps Acknowledge (the receipt is cancelled at the
// fake, the page says who acknowledged) and "Silence 1 h" (a silence in
// Alertmanager with exact matchers, created by the recipient; the next
// repeats page nobody); a forged and an expired link are refused.
func TestActionPageInABrowser(t *testing.T) {
	t.Parallel()
	bin := browsertest.ChromiumPath(t)
	s := newStack(t, stackOptions{
		routes: actionRoutes, actionPage: true, repeatInterval: "5s",
		receiver: "  dedup_window: 1s", // a repeat 5 s later is a reminder, not a retry
		extra: `web:
  external_url: http://ACTION/
  link_secret: ` + linkSecret + `
alertmanager:
  url: http://ALERTMANAGER
`,
	})
	ctx := browsertest.Phone(t, bin)
	shot := browsertest.NewShots(t, ctx)
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1")
	a.Annotations = map[string]string{"summary": "Disk <b>/var</b> is 97% full"}
	page := s.fireEmergency(a)
	link := page.Params["url"]
	require.True(t, strings.HasPrefix(link, s.actionURL+"/action/"), "the message links to the action page: %s", link)
	require.Equal(t, "Acknowledge or silence", page.Params["url_title"])

	require.EqualValues(t, 200, open(t, ctx, link))
	require.Equal(t, "[FIRING:1] DiskFull (e2e)", browsertest.Text(t, ctx, "h1"))
	require.Contains(t, browsertest.Text(t, ctx, "article.alert-firing"), "Disk <b>/var</b> is 97% full", "escaped, shown as text")
	require.Contains(t, browsertest.Text(t, ctx, `section[aria-labelledby="h-people"]`), "still ringing")
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
	require.NoError(t, err)
	require.True(t, fits, "the page scrolls sideways on a phone")
	shot.Take("1-page")

	require.EqualValues(t, 200, tap(t, ctx, "Acknowledge"))
	require.Contains(t, browsertest.Text(t, ctx, `p[role="status"]`), "Acknowledged")
	require.Contains(t, browsertest.Text(t, ctx, `section[aria-labelledby="h-people"]`), "Acknowledged by oncall")
	rc := s.receiptOf(page)
	require.True(t, rc.Canceled, "the receipt is cancelled at Pushover: the phone stops ringing")
	require.Len(t, s.requests("cancel"), 1, "cancelled by receipt, once")
	require.True(t, s.bridgeLogged(`emergency acknowledged.* by=oncall .*via="the action page"`))
	shot.Take("2-acknowledged")

	s.silenceFromThePage(t, ctx, a)
	shot.Take("3-silenced")
	s.requireNoPageOnRepeat(a)

	requireRefused(t, ctx, link[:len(link)-4]+"AAAA", 403, "This link is not valid")
	shot.Take("4-forged")
	requireRefused(t, ctx, expiredLink(t, s.actionURL, link), 410, "This link has expired")
	shot.Take("5-expired")
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_action_refused_total", "reason", "forged"), 1.0)
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_action_actions_total", "action", "ack", "outcome", "done"))
}

// silenceFromThePage taps "Silence 1 h" and checks the silence in
// Alertmanager: one, active, exact matchers on a's labels, by the recipient.
func (s *stack) silenceFromThePage(t *testing.T, ctx context.Context, a amAlert) {
	t.Helper()
	require.EqualValues(t, 200, tap(t, ctx, "Silence 1 h"))
	require.Equal(t, "Silenced for 1 hour.", browsertest.Text(t, ctx, `p[role="status"]`))
	var silences []amSilence
	s.amGet("/api/v2/silences", &silences)
	require.Len(t, silences, 1)
	sil := silences[0]
	require.Equal(t, "active", sil.Status.State)
	require.Equal(t, "oncall", sil.CreatedBy, "created by the link's recipient")
	got := map[string]string{}
	for _, m := range sil.Matchers {
		require.False(t, m.IsRegex)
		require.True(t, m.IsEqual == nil || *m.IsEqual)
		got[m.Name] = m.Value
	}
	require.Equal(t, a.Labels, got, "exact matchers: this alert only")
	require.Contains(t, browsertest.Text(t, ctx, `section[aria-labelledby="h-silences"]`), "by oncall from an action page")
}

// requireNoPageOnRepeat: once Alertmanager suppresses a, its repeats page
// nobody. A warning group, repeating every 5 s like a's, is the clock:
// after it was notified twice more, a's group has had its repeats too.
func (s *stack) requireNoPageOnRepeat(a amAlert) {
	s.t.Helper()
	s.eventually(func() bool {
		var alerts []struct {
			Labels map[string]string `json:"labels"`
			Status struct {
				State string `json:"state"`
			} `json:"status"`
		}
		s.amGet("/api/v2/alerts?filter=instance%3D%22db-1%22", &alerts)
		return len(alerts) == 1 && alerts[0].Status.State == "suppressed"
	}, "Alertmanager suppresses the silenced alert")
	s.post(alert("alertname", "QueueSlow", "cluster", "e2e", "severity", "warning"))
	clock := func(n int) {
		s.eventually(func() bool { return len(s.messagesTo(pushovertest.DemoGroup)) >= n }, "the warning group's repeats")
	}
	clock(1)
	pages := countPriority(s.fake.Messages(), 2) // a page in flight at the silence has landed by now
	clock(len(s.messagesTo(pushovertest.DemoGroup)) + 2)
	require.Equal(s.t, pages, countPriority(s.fake.Messages(), 2), "no page for the silenced alert on its repeats")
}

func requireRefused(t *testing.T, ctx context.Context, u string, code int64, heading string) {
	t.Helper()
	require.Equal(t, code, open(t, ctx, u))
	require.Equal(t, heading, browsertest.Text(t, ctx, "h1"))
	require.NotContains(t, browsertest.Text(t, ctx, "body"), "DiskFull")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.forms.length"))
	require.NoError(t, err)
	require.Zero(t, n, "a refused page has no button")
}

// expiredLink makes the link of the same group and recipient as link, with
// the bridge's secret and scope, as the bridge made it two days ago.
func expiredLink(t *testing.T, actionURL, link string) string {
	t.Helper()
	raw, err := base64.RawURLEncoding.DecodeString(link[strings.LastIndex(link, "/")+1:])
	require.NoError(t, err)
	var group action.GroupID
	copy(group[:], raw[9:9+len(group)]) // version (1), expiry (8), group
	svc, err := action.New(action.Options{ExternalURL: actionURL, Secret: []byte(linkSecret), Scope: actionURL,
		LinkTTL: 24 * time.Hour, Groups: noGroups{}, Acknowledger: noGroups{},
		Now: func() time.Time { return time.Now().Add(-48 * time.Hour) }})
	require.NoError(t, err)
	return svc.Link(group, "oncall")
}

// noGroups is what the test's link maker needs but never calls.
type noGroups struct{}

func (noGroups) Group(context.Context, action.GroupID) (action.GroupView, error) {
	return action.GroupView{}, action.ErrUnknownGroup
}

func (noGroups) Acknowledge(context.Context, action.GroupID, string) (bool, error) { return false, nil }
