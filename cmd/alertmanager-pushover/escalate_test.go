package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// pageDB is a configuration with the recipients first (the user key) and
// lead (the group key) and one emergency route, page-db, to to, escalating
// by the steps escalate (each a YAML flow mapping); rest (schedules, say)
// follows.
func pageDB(first, to string, escalate []string, rest string) string {
	return `
pushover: {token: ` + token + `}
recipients:
  ` + first + `: {user_key: ` + userKey + `}
  lead: {user_key: ` + groupKey + `}
routes:
  - name: page-db
    to: [` + to + `]
    priority: emergency
    escalate:
      - ` + strings.Join(escalate, "\n      - ") + "\n" + rest
}

// dbPrimarySchedule is a schedule db-primary on which alice is on call now.
const dbPrimarySchedule = `schedules:
  db-primary:
    time_zone: UTC
    rotation: {start: 2020-01-06T09:00, length: 1w}
    members: [alice]
`

func TestRoutesTestAndCheckConfigShowEscalation(t *testing.T) {
	cfg := writeFile(t, "c.yml", pageDB("primary", "primary", []string{"{after: 10m, to: [lead]}", "{after: 25m, to: [lead, primary]}"}, ""))
	code, out, errOut := runCLI(t, "routes", "test", "--config.file="+cfg, "team=db")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, `route page-db
  recipient: primary
  priority: emergency
  sound: (the user's default)
  escalate level 2 (if an emergency): after 10m: lead
  escalate level 3 (if an emergency): after 25m: lead, primary
`, out)
	code, out, errOut = runCLI(t, "check-config", "--config.file="+cfg)
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "    escalate after 10m: lead\n    escalate after 25m: lead, primary\n")
}

// routes test says whom a schedule pages now, in to and in escalate.
func TestRoutesTestResolvesSchedules(t *testing.T) {
	cfg := writeFile(t, "c.yml", pageDB("alice", "db-primary", []string{"{after: 10m, to: [lead, next-year]}"}, dbPrimarySchedule+`  next-year:
    time_zone: UTC
    rotation: {start: 2999-01-06T09:00, length: 1w}
    members: [lead]
`))
	code, out, errOut := runCLI(t, "routes", "test", "--config.file="+cfg, "team=db")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, `route page-db
  recipient: db-primary (schedule: alice on call now)
  priority: emergency
  sound: (the user's default)
  escalate level 2 (if an emergency): after 10m: lead, next-year (next-year: no one on call now)
`, out)
}

// The escalation counters of every configured level, and the no-one-on-call
// counter of every schedule a route pages, exist at 0 from the start.
func TestEscalationCountersExistAtZero(t *testing.T) {
	a := newTestApp(t, pageDB("alice", "db-primary", []string{"{after: 10m, to: [lead]}", "{after: 25m, to: [lead, db-primary]}"}, dbPrimarySchedule), Options{DryRun: true})
	code, metrics := a.do(t, "GET", "/metrics", nil)
	require.Equal(t, 200, code)
	for _, s := range []string{
		`alertmanager_pushover_escalation_fired_total{level="2",route="page-db"} 0`,
		`alertmanager_pushover_escalation_fired_total{level="3",route="page-db"} 0`,
		`alertmanager_pushover_escalation_page_errors_total{level="3",route="page-db"} 0`,
		`alertmanager_pushover_schedule_no_one_on_call_total{route="page-db",schedule="db-primary"} 0`,
		`alertmanager_pushover_deliveries_total{outcome="no_one_on_call",route="page-db"} 0`,
	} {
		require.Contains(t, metrics, s)
	}
}

// render shows whom a schedule pages now, and says when no one is on call
// (nothing is rendered then).
func TestRenderResolvesSchedules(t *testing.T) {
	for _, tc := range []struct{ start, want string }{
		{"2020-01-06T09:00", "=== route page, recipient oncall (devices: phone) (firing, 2 alerts)\nschedule: primary (on call now)\npriority: emergency"},
		{"2999-01-06T09:00", "=== route page, recipient primary (firing, 2 alerts)\nnot sent: schedule primary has no one on call\n"},
	} {
		cfg := writeFile(t, "c.yml", `
pushover: {token: `+token+`}
recipients:
  oncall: {user_key: `+userKey+`, devices: [phone]}
routes:
  - {name: page, to: [primary], priority: emergency}
schedules:
  primary:
    time_zone: UTC
    rotation: {start: `+tc.start+`, length: 1w}
    members: [oncall]
`)
		html := filepath.Join(t.TempDir(), "preview.html")
		code, out, errOut := runCLI(t, "render", "--config.file="+cfg, "--payload="+payloads+"01-firing-first.json",
			"--html="+html)
		require.Equal(t, 0, code, errOut)
		require.Contains(t, out, tc.want)
	}
}
