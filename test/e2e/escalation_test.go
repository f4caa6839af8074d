package e2e

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// The users of the escalation levels, and the delivery group that follows
// the schedule primary.
const (
	secondUser   = "uSecondLevelUser0000000000000a"
	thirdUser    = "uThirdLevelUser00000000000000b"
	onCallGroup  = "gOnCallGroupForSchedule000000c"
	escalateMsgs = "Escalation (level 2): oncall did not answer"
)

// escalationStack runs a route paging the schedule primary (oncall is on
// call), escalating to second after2 and to third after3 after the first
// page, with Pushover's callback to learn acknowledgements; primary keeps
// the delivery group onCallGroup.
func escalationStack(t *testing.T, after2, after3 string, extra ...string) *stack {
	t.Helper()
	return newStack(t, stackOptions{
		fake: []pushovertest.Option{pushovertest.WithRealClock()},
		setup: func(f *pushovertest.Server) {
			f.AddUser(secondUser, "phone")
			f.AddUser(thirdUser, "phone")
			f.CreateGroup(onCallGroup, "db on call")
		},
		recipients: "  second:\n    user_key: " + secondUser + "\n  third:\n    user_key: " + thirdUser,
		routes: `routes:
  - name: page-db
    matchers: ['severity="critical"']
    to: [primary]
    priority: emergency
    retry: 1m
    expire: 1h
    escalate:
      - {after: ` + after2 + `, to: [second]}
      - {after: ` + after3 + `, to: [third]}
`,
		extra: `emergency:
  callback_url: http://BRIDGE
schedules:
  primary:
    time_zone: Europe/Berlin
    rotation: {start: 2026-01-05T09:00, length: 1w}
    members: [oncall]
    sync_group: ` + onCallGroup + `
` + strings.Join(extra, ""),
	})
}

// levelPage awaits the first page to user and checks it is an escalation.
func (s *stack) levelPage(user, headline string) pushovertest.Message {
	s.t.Helper()
	s.eventually(func() bool { return len(s.messagesTo(user)) >= 1 }, "the escalation page to "+keyName(user))
	m := s.messagesTo(user)[0]
	require.Equal(s.t, 2, m.Priority, "an escalation pages at emergency priority")
	require.True(s.t, strings.HasPrefix(m.Title, headline), "title %q", m.Title)
	require.Regexp(s.t, tagRE, m.Params["tags"])
	return m
}

// Nobody acknowledges the first page: level 2 is paged after its delay,
// saying who did not answer. Level 2 acknowledges: the first page stops
// ringing (cancelled by receipt), level 3 is never paged, and the
// acknowledgement (who, level) shows on the status page and in the next
// message of the group. The schedule's delivery group holds the on-call
// person.
func TestEscalationAcknowledgedByLevel2(t *testing.T) {
	t.Parallel()
	s := escalationStack(t, "3s", "12s")
	s.eventually(func() bool {
		g, ok := s.fake.Group(onCallGroup)
		return ok && len(g.Users) == 1 && g.Users[0].User == pushovertest.DemoUser && !g.Users[0].Disabled
	}, "the delivery group follows the schedule: oncall is its member")

	a := alert("alertname", "DBDown", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	require.Equal(t, pushovertest.DemoUser, page.Params["user"], "the schedule pages whoever is on call")

	lvl2 := s.levelPage(secondUser, escalateMsgs)
	require.GreaterOrEqual(t, lvl2.Time.Sub(page.Time), 3*time.Second, "level 2 waits its after")
	require.False(t, s.receiptOf(page).Canceled, "level 1 rings on while level 2 is paged")

	// Acknowledge once the bridge recorded level 2 (a person takes longer
	// than that; an acknowledgement of a receipt the bridge does not know
	// yet is learnt by the receipt poll, every 30 s by default).
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_escalation_fired_total", "route", "page-db", "level", "2") == 1
	}, "level 2 recorded as fired")
	require.NoError(t, s.fake.Ack(lvl2.Receipt, secondUser, "phone"))
	s.eventually(func() bool {
		rc, ok := s.fake.Receipt(page.Receipt)
		return ok && rc.Canceled
	}, "level 1's emergency cancelled once level 2 acknowledged")
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_escalation_time_to_acknowledge_seconds",
			"route", "page-db", "level", "2") == 1
	}, "the time to acknowledge observed, for level 2")
	require.True(t, s.bridgeLogged(`escalation acknowledged.* by=second level=2 via=callback`))
	require.Contains(t, s.statusPage(), "acknowledged by second (level 2)")

	// Level 3 was due 12 s after the first page: it never comes.
	require.Never(t, func() bool { return len(s.messagesTo(thirdUser)) > 0 },
		time.Until(page.Time.Add(14*time.Second)), 200*time.Millisecond, "level 3 is never paged")
	require.Zero(t, s.bridgeMetric("alertmanager_pushover_escalation_fired_total", "level", "3"))

	s.post(resolved(a)...)
	s.eventually(func() bool { return len(s.messagesTo(pushovertest.DemoUser)) >= 2 }, "the resolved message")
	require.Contains(t, s.messagesTo(pushovertest.DemoUser)[1].Message, "(escalation level 2)",
		"the next message of the group says who acknowledged, at which level")
	require.Zero(t, s.fake.DuplicateMessages())
}

// A resolve stops every level: the first page and level 2's both stop
// ringing, and level 3 is never paged.
func TestEscalationResolveCancelsEveryLevel(t *testing.T) {
	t.Parallel()
	s := escalationStack(t, "3s", "1h")
	a := alert("alertname", "DBDown", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	lvl2 := s.levelPage(secondUser, escalateMsgs)
	s.eventually(func() bool {
		return strings.Contains(s.statusPage(), "<td>2 of 3</td><td>oncall, second</td><td>level 3 due")
	},
		"the pending escalation on the status page: level 2 paged, who did not answer, level 3's time")

	s.post(resolved(a)...)
	s.eventually(func() bool {
		one, _ := s.fake.Receipt(page.Receipt)
		two, _ := s.fake.Receipt(lvl2.Receipt)
		return one.Canceled && two.Canceled
	}, "both levels cancelled on resolve")
	s.eventually(func() bool { return s.bridgeMetric("alertmanager_pushover_escalation_pending") == 0 },
		"no escalation pending")
	require.True(t, s.bridgeLogged(`escalation resolved.* route=page-db levels_fired=2`))
	require.Empty(t, s.messagesTo(thirdUser))
}

// The escalation lives in the ledger: the bridge is SIGKILLed after the
// first page and restarted on the same storage, and level 2 still pages
// when due.
func TestEscalationSurvivesRestart(t *testing.T) {
	t.Parallel()
	s := escalationStack(t, "8s", "1h")
	a := alert("alertname", "DBDown", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	s.bridge.kill()
	s.restartBridge("")
	require.Less(t, time.Since(page.Time), 8*time.Second, "restarted before level 2 was due")

	lvl2 := s.levelPage(secondUser, escalateMsgs)
	late := lvl2.Time.Sub(page.Time)
	require.GreaterOrEqual(t, late, 8*time.Second)
	require.Less(t, late, 13*time.Second, "level 2 on time after the restart (due 8 s after the first page)")
	require.Len(t, s.messagesTo(secondUser), 1)
	require.Zero(t, s.fake.DuplicateMessages())
}

// With alertmanager.url, the bridge asks Alertmanager before a level
// fires: an alert silenced after the first page no longer escalates.
func TestEscalationHaltsWhenSilenced(t *testing.T) {
	t.Parallel()
	s := escalationStack(t, "5s", "1h", "alertmanager:\n  url: http://ALERTMANAGER\n")
	a := alert("alertname", "DBDown", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	am, err := amclient.New(s.amURL, "", nil, 5*time.Second)
	require.NoError(t, err)
	_, err = am.Create(context.Background(), amclient.Silence{Matchers: amclient.ExactMatchers(a.Labels),
		StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour), CreatedBy: "e2e", Comment: "maintenance"})
	require.NoError(t, err)

	s.eventually(func() bool {
		return s.bridgeLogged(`escalation halted.* route=page-db reason="Alertmanager no longer pages`)
	},
		"the escalation halted when level 2 was due")
	require.Empty(t, s.messagesTo(secondUser), "level 2 never paged")
	require.GreaterOrEqual(t, time.Since(page.Time), 5*time.Second, "halted when level 2 was due, not before")
	s.eventually(func() bool { return s.bridgeMetric("alertmanager_pushover_escalation_pending") == 0 },
		"no escalation pending")
}
