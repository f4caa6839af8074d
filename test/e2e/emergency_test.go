package e2e

import (
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// pageRoute pages the on-call user for critical alerts.
const pageRoute = `routes:
  - name: page-oncall
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    sound: siren
    retry: 1m
    expire: 1h
`

// fireEmergency posts a critical alert and returns the one emergency it
// raised, once Alertmanager has seen its notification succeed.
func (s *stack) fireEmergency(a amAlert) pushovertest.Message {
	s.t.Helper()
	s.post(a)
	s.eventually(func() bool {
		return countPriority(s.fake.Messages(), 2) >= 1 &&
			s.amMetric("alertmanager_notification_latency_seconds", "integration", "webhook") >= 1
	}, "an emergency, and Alertmanager's notification done")
	page := s.fake.Messages()[0]
	require.Equal(s.t, 2, page.Priority)
	require.Regexp(s.t, tagRE, page.Params["tags"], "an emergency carries its tag")
	rc := s.receiptOf(page)
	require.Equal(s.t, []string{page.Params["tags"]}, rc.Tags)
	require.False(s.t, rc.Canceled)
	require.False(s.t, rc.Expired)
	return page
}

// resolveEmergency resolves a through Alertmanager and checks that the page
// was cancelled, by its receipt or (the ledger knowing nothing) its tag,
// cancelling exactly one receipt, before the resolved message went out.
func (s *stack) resolveEmergency(a amAlert, page pushovertest.Message) {
	s.t.Helper()
	s.post(resolved(a)...)
	s.eventually(func() bool {
		return len(s.cancelsOf(page)) >= 1 && countPriority(s.fake.Messages(), -1) >= 1
	}, "the cancel of "+page.Receipt+" and the resolved message")

	msgs := s.fake.Messages()
	require.Equal(s.t, 1, countPriority(msgs, 2), "paged exactly once")
	require.Len(s.t, msgs, 2, "one page, one resolved message")
	require.Equal(s.t, -1, msgs[1].Priority)
	require.Empty(s.t, msgs[1].Params["tags"])
	require.Zero(s.t, s.fake.DuplicateMessages())

	require.Len(s.t, s.cancelsOf(page), 1)
	rc := s.receiptOf(page)
	require.True(s.t, rc.Canceled, "the receipt is cancelled")
	require.True(s.t, rc.Expired, "a cancelled receipt reads as expired")
	require.False(s.t, rc.Acknowledged)
	require.True(s.t, s.bridgeLogged(`msg="emergencies cancelled".*cancelled=1`), "Pushover answered: one cancelled")
}

// An emergency carries a tag, and resolving its alert through Alertmanager
// cancels it by that tag.
func TestEmergencyCancelledOnResolve(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	s.resolveEmergency(a, page)
}

// The cancel needs no state: it happens after the bridge was SIGKILLed
// between fire and resolve, whether it restarts on its storage or on an
// empty one.
func TestEmergencyCancelledAfterRestart(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name         string
		freshStorage bool
	}{
		{"same storage", false},
		{"fresh storage", true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, stackOptions{routes: pageRoute})
			a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
			page := s.fireEmergency(a)

			s.bridge.kill()
			storage := ""
			if tc.freshStorage {
				storage = filepath.Join(t.TempDir(), "empty")
			}
			s.restartBridge(storage)

			s.resolveEmergency(a, page)
		})
	}
}

// A Pushover 503 (an HTML page) on the first attempt makes the bridge
// answer 503, Alertmanager retries, and the user is paged exactly once.
func TestPushover503IsRetriedByAlertmanager(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute})
	s.fake.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages"})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)

	// The first attempt fails; the bridge answers 503 (fast, or after the
	// client's 5 s pause) and one of Alertmanager's retries within its
	// notify timeout, or the next group_interval's, succeeds.
	s.eventually(func() bool {
		return len(s.fake.Messages()) >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503") >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 1
	}, "a 503, then a page")
	first := s.requests("messages")[0]
	require.Equal(t, pushovertest.Fault503, first.Fault)
	require.Equal(t, 503, first.Status)

	// Resolving proves Alertmanager moved past the firing notification:
	// no retry of it can come after.
	page := s.fake.Messages()[0]
	s.resolveEmergency(a, page)
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged exactly once")
	require.Zero(t, s.fake.DuplicateMessages())
}

// Two recipients on one route, the first one's send fails once: the bridge
// answers 503, and Alertmanager's retry re-sends only what failed, so each
// recipient gets exactly one message.
func TestPartialFailureResendsOnlyWhatFailed(t *testing.T) {
	t.Parallel()
	// One delivery at a time, team first: the fault hits the group's send.
	s := newStack(t, stackOptions{receiver: "  max_concurrency: 1", routes: `routes:
  - name: page-all
    matchers: ['severity="critical"']
    to: [team, oncall]
    priority: emergency
    retry: 1m
    expire: 1h
`})
	s.fake.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages"})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)

	s.eventually(func() bool {
		return len(s.messagesTo(pushovertest.DemoUser)) >= 1 && len(s.messagesTo(pushovertest.DemoGroup)) >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 1
	}, "both recipients paged after a retry")

	first := s.requests("messages")[0]
	require.Equal(t, pushovertest.Fault503, first.Fault)
	require.Equal(t, pushovertest.DemoGroup, first.Params["user"], "the group's send failed")
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503"), 1.0)
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_deliveries_total", "route", "page-all", "outcome", "deduplicated"), 1.0,
		"the retry skipped the user's page, which Pushover had accepted")

	// Resolving proves Alertmanager moved past the firing notification.
	s.post(resolved(a)...)
	s.eventually(func() bool { return countPriority(s.fake.Messages(), -1) >= 2 }, "both resolved messages")
	for _, user := range []string{pushovertest.DemoUser, pushovertest.DemoGroup} {
		msgs := s.messagesTo(user)
		require.Len(t, msgs, 2, "%s: one page, one resolved message", keyName(user))
		require.Equal(t, 2, msgs[0].Priority)
		require.Equal(t, -1, msgs[1].Priority)
		require.True(t, s.receiptOf(msgs[0]).Canceled, "%s: the page was cancelled", keyName(user))
	}
	require.Zero(t, s.fake.DuplicateMessages())
}

// Pushover answers after the bridge's receiver.timeout: the bridge answers
// 503 while the page is still on its way, Alertmanager retries, and the
// retry does not page a second time (the late page is in flight, then in
// the ledger).
func TestSlowPushoverIsNotDoubled(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute, receiver: "  timeout: 2s"})
	s.fake.Inject(pushovertest.Fault{Kind: pushovertest.FaultSlow, Endpoint: "messages", Delay: 3 * time.Second})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)

	s.eventually(func() bool {
		return len(s.fake.Messages()) >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503") >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 1
	}, "a 503 while Pushover was slow, then a 200 for the retry")
	require.Equal(t, pushovertest.FaultSlow, s.requests("messages")[0].Fault)

	page := s.fake.Messages()[0]
	s.resolveEmergency(a, page)
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged exactly once")
}

// When some alerts of a ringing emergency resolve, the user gets an update
// at the resolved priority, and the page rings on for what still fires;
// when the rest resolves, the page is cancelled.
func TestPartialResolveUpdatesTheRingingPage(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute})
	db1 := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1")
	db2 := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-2")
	s.post(db1, db2)
	s.eventually(func() bool { return countPriority(s.fake.Messages(), 2) >= 1 }, "the page")
	page := s.fake.Messages()[0]
	require.Contains(t, page.Title, "FIRING 2")

	s.post(resolved(db1)...)
	s.eventually(func() bool { return len(s.fake.Messages()) >= 2 }, "the update for db-1")
	update := s.fake.Messages()[1]
	require.Equal(t, -1, update.Priority, "an update, not a new siren")
	require.Empty(t, update.Params["tags"])
	require.Contains(t, update.Message, "db-1")
	require.Contains(t, update.Message, "db-2")
	require.Empty(t, s.cancels(), "db-2 still fires: the page rings on")
	require.False(t, s.receiptOf(page).Canceled)

	s.post(resolved(db2)...)
	s.eventually(func() bool { return len(s.cancelsOf(page)) >= 1 && len(s.fake.Messages()) >= 3 }, "the cancel and the resolved message")
	require.True(t, s.receiptOf(page).Canceled)
	msgs := s.fake.Messages()
	require.Len(t, msgs, 3)
	require.Equal(t, -1, msgs[2].Priority)
	require.Contains(t, msgs[2].Title, "RESOLVED")
	require.Equal(t, 1, countPriority(msgs, 2), "paged exactly once")
	require.Zero(t, s.fake.DuplicateMessages())
}

// Two Alertmanagers of one HA pair that do not gossip (a split pair, one
// external URL) both notify the bridge about the same alert at about the
// same time: the user is paged once, and one Alertmanager's resolve is
// enough to cancel the page.
func TestTwoAlertmanagersPageOnce(t *testing.T) {
	t.Parallel()
	const shared = "--web.external-url=http://alertmanager.e2e.example.com/"
	s := newStack(t, stackOptions{routes: pageRoute, amArgs: []string{shared}})
	other := startAlertmanagerAt(t, proctest.FreeAddr(t),
		amConfig(strings.TrimPrefix(s.bridgeURL, "http://"), stackOptions{amBearer: bridgeBearer}), shared)
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)
	postAlerts(t, other, a)

	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 2
	}, "both Alertmanagers' notifications answered")
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged once")
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "sent"))
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "deduplicated"))

	page := s.fake.Messages()[0]
	s.resolveEmergency(a, page)
}

// Pushover fails the cancel once (an HTML 503): the bridge answers 503
// without sending the resolved message, and Alertmanager's retry cancels
// the page and sends it, once.
func TestFailedCancelIsRetried(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	s.fake.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "cancel"})

	s.resolveEmergency(a, page)
	cancels := s.requests("cancel")
	require.Len(t, cancels, 2, "a failed cancel, then the one that worked")
	require.Equal(t, pushovertest.Fault503, cancels[0].Fault)
	require.GreaterOrEqual(t, s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503"), 1.0)
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_emergency_cancellations_total", "outcome", "ok"))
}
