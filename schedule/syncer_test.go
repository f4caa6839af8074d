package schedule_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

const (
	aliceKey = "uALiCExxxxxxxxxxxxxxxxxxxxxxxx"
	bobKey   = "uBoBxxxxxxxxxxxxxxxxxxxxxxxxxx"
	carolKey = "uCARoLxxxxxxxxxxxxxxxxxxxxxxxx" // in the group, not in the schedule
)

var keys = map[string]string{"alice": aliceKey, "bob": bobKey}

// stepper is a Syncer's Sleep under the test's control: each sleep is
// reported on asked and returns, with the clock moved by its duration, when
// the test sends on release.
type stepper struct {
	clk     *clock.Manual
	asked   chan time.Duration
	release chan struct{}
}

func newStepper(start time.Time) *stepper {
	return &stepper{clk: clock.NewManual(start), asked: make(chan time.Duration), release: make(chan struct{})}
}

func (s *stepper) Sleep(ctx context.Context, d time.Duration) error {
	select {
	case s.asked <- d:
	case <-ctx.Done():
		return ctx.Err()
	}
	select {
	case <-s.release:
		s.clk.Add(d)
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// next waits for the syncer's next sleep and returns its duration.
func (s *stepper) next(t *testing.T) time.Duration {
	t.Helper()
	select {
	case d := <-s.asked:
		return d
	case <-time.After(30 * time.Second): // a hang guard, not a timing budget
		t.Fatal("the syncer never slept")
		return 0
	}
}

type syncFixture struct {
	fake    *pushovertest.Server
	step    *stepper
	reg     *prometheus.Registry
	syncer  *schedule.Syncer
	stopped chan error
}

// startSyncer runs a Syncer for a daily alice/bob rotation (hand-offs at
// 09:00 UTC; bob is on call on 2026-01-05 before 09:00) against the fake,
// whose group holds alice and the unrelated carol.
// faults, if any, are injected before the first sync.
func startSyncer(t *testing.T, disable bool, faults ...pushovertest.Fault) *syncFixture {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	for _, k := range []string{aliceKey, bobKey, carolKey} {
		fake.AddUser(k, "phone")
	}
	fake.CreateGroup(groupKey, "DB on call", aliceKey, carolKey)
	for _, flt := range faults {
		fake.Inject(flt)
	}
	sc := compile(t, "db:\n  time_zone: UTC\n  rotation: {start: 2026-01-01T09:00, length: 1d}\n"+
		"  members: [alice, bob]\n  sync_group: "+groupKey+"\n").Get("db")
	api, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL),
		pushover.WithClock(clock.NewManual(time.Time{}).Now), pushover.WithSleep(clock.NewManual(time.Time{}).Sleep))
	require.NoError(t, err)
	f := &syncFixture{fake: fake, step: newStepper(utc(t, "2026-01-05T08:00:00Z")), reg: prometheus.NewRegistry(),
		stopped: make(chan error, 1)}
	f.syncer, err = schedule.NewSyncer(schedule.SyncerOptions{
		Schedule: sc, API: api, Disable: disable, Metrics: schedule.NewSyncMetrics(f.reg),
		UserKey: func(n string) (string, bool) { k, ok := keys[n]; return k, ok },
		Now:     f.step.clk.Now, Sleep: f.step.Sleep, MinBackoff: 10 * time.Second, Resync: 48 * time.Hour,
	})
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	go func() { f.stopped <- f.syncer.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		require.ErrorIs(t, <-f.stopped, context.Canceled)
	})
	return f
}

func (f *syncFixture) members(t *testing.T) []pushovertest.GroupMember {
	g, ok := f.fake.Group(groupKey)
	require.True(t, ok)
	return g.Users
}

// TestSyncerFollowsHandoff: the fake's group holds the on-call person
// across a hand-off, and carol, who is no member of the schedule, stays.
func TestSyncerFollowsHandoff(t *testing.T) {
	f := startSyncer(t, false)
	require.Equal(t, time.Hour, f.step.next(t), "sleeps until the 09:00 hand-off")
	require.Equal(t, []pushovertest.GroupMember{{User: carolKey}, {User: bobKey, Memo: "on call: db"}}, f.members(t))
	require.NoError(t, testutil.CollectAndCompare(f.reg, strings.NewReader(`
# HELP alertmanager_pushover_schedule_on_call Who is on call for a schedule: 1 for the recipient on call ("" for no one).
# TYPE alertmanager_pushover_schedule_on_call gauge
alertmanager_pushover_schedule_on_call{recipient="bob",schedule="db"} 1
`), "alertmanager_pushover_schedule_on_call"))

	f.step.release <- struct{}{}
	require.Equal(t, 24*time.Hour, f.step.next(t), "then until the next day's hand-off")
	require.Equal(t, []pushovertest.GroupMember{{User: carolKey}, {User: aliceKey, Memo: "on call: db"}}, f.members(t))
	require.NoError(t, testutil.CollectAndCompare(f.reg, strings.NewReader(`
# HELP alertmanager_pushover_schedule_group_syncs_total Syncs of a schedule's Pushover delivery group with its on-call person, by outcome.
# TYPE alertmanager_pushover_schedule_group_syncs_total counter
alertmanager_pushover_schedule_group_syncs_total{outcome="success",schedule="db"} 2
# HELP alertmanager_pushover_schedule_on_call Who is on call for a schedule: 1 for the recipient on call ("" for no one).
# TYPE alertmanager_pushover_schedule_on_call gauge
alertmanager_pushover_schedule_on_call{recipient="alice",schedule="db"} 1
`)))
	mfs, err := f.reg.Gather()
	require.NoError(t, err)
	for _, mf := range mfs {
		for _, m := range mf.GetMetric() {
			for _, l := range m.GetLabel() {
				require.NotContains(t, []string{aliceKey, bobKey, groupKey}, l.GetValue(), "keys never label a metric")
			}
		}
	}
}

// TestSyncerDisable keeps the managed entries, disabled when off call.
func TestSyncerDisable(t *testing.T) {
	f := startSyncer(t, true)
	f.step.next(t)
	require.Equal(t, []pushovertest.GroupMember{{User: aliceKey, Disabled: true}, {User: carolKey},
		{User: bobKey, Memo: "on call: db"}}, f.members(t))
	f.step.release <- struct{}{}
	f.step.next(t)
	require.Equal(t, []pushovertest.GroupMember{{User: aliceKey}, {User: carolKey},
		{User: bobKey, Memo: "on call: db", Disabled: true}}, f.members(t))
}

// TestSyncerRetries: a failed sync is retried after the backoff, which
// doubles, and the failure is counted.
func TestSyncerRetries(t *testing.T) {
	f := startSyncer(t, false, pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "group", Count: 2})
	require.Equal(t, 10*time.Second, f.step.next(t), "first retry after MinBackoff")
	f.step.release <- struct{}{}
	require.Equal(t, 20*time.Second, f.step.next(t), "the backoff doubles")
	f.step.release <- struct{}{}
	require.Equal(t, time.Hour-30*time.Second, f.step.next(t), "success: back to the hand-off")
	require.Equal(t, []pushovertest.GroupMember{{User: carolKey}, {User: bobKey, Memo: "on call: db"}}, f.members(t))
	require.NoError(t, testutil.CollectAndCompare(f.reg, strings.NewReader(`
# HELP alertmanager_pushover_schedule_group_syncs_total Syncs of a schedule's Pushover delivery group with its on-call person, by outcome.
# TYPE alertmanager_pushover_schedule_group_syncs_total counter
alertmanager_pushover_schedule_group_syncs_total{outcome="failure",schedule="db"} 2
alertmanager_pushover_schedule_group_syncs_total{outcome="success",schedule="db"} 1
`), "alertmanager_pushover_schedule_group_syncs_total"))
}

// TestSyncerGaugeOnly: without a sync group a Syncer keeps the gauge, and
// before the rotation's start it shows no one.
func TestSyncerGaugeOnly(t *testing.T) {
	sc := compile(t, berlinWeekly).Get("db-primary")
	reg := prometheus.NewRegistry()
	clk := clock.NewManual(utc(t, "2026-01-01T00:00:00Z"))
	s, err := schedule.NewSyncer(schedule.SyncerOptions{Schedule: sc, Metrics: schedule.NewSyncMetrics(reg), Now: clk.Now})
	require.NoError(t, err)
	require.NoError(t, s.Sync(context.Background()))
	clk.Add(5 * 24 * time.Hour)
	require.NoError(t, s.Sync(context.Background()))
	require.NoError(t, testutil.CollectAndCompare(reg, strings.NewReader(`
# HELP alertmanager_pushover_schedule_on_call Who is on call for a schedule: 1 for the recipient on call ("" for no one).
# TYPE alertmanager_pushover_schedule_on_call gauge
alertmanager_pushover_schedule_on_call{recipient="alice",schedule="db-primary"} 1
`)), "no sync counted without a group; the series before the start is gone")

	withGroup := compile(t, "g:\n  time_zone: UTC\n  rotation: {start: 2026-01-01T09:00, length: 1d}\n"+
		"  members: [alice]\n  sync_group: "+groupKey+"\n").Get("g")
	_, err = schedule.NewSyncer(schedule.SyncerOptions{Schedule: withGroup})
	require.ErrorContains(t, err, `schedule "g": a sync group needs the Pushover API`)
	require.NotContains(t, err.Error(), groupKey)
}

func TestSetSyncers(t *testing.T) {
	set := compile(t, berlinWeekly+"g:\n  time_zone: UTC\n  rotation: {start: 2026-01-01T09:00, length: 1d}\n"+
		"  members: [alice]\n  sync_group: "+groupKey+"\n")
	_, err := set.Syncers(schedule.SyncerOptions{})
	require.ErrorContains(t, err, `schedule "g": a sync group needs`)
	reg := prometheus.NewRegistry()
	clk := clock.NewManual(utc(t, "2026-02-01T00:00:00Z"))
	syncers, err := set.Syncers(schedule.SyncerOptions{Metrics: schedule.NewSyncMetrics(reg), Now: clk.Now,
		API: failingAPI{}, UserKey: func(string) (string, bool) { return aliceKey, true }})
	require.NoError(t, err)
	require.Len(t, syncers, 2)
	require.NoError(t, syncers[0].Sync(context.Background()))
	require.Error(t, syncers[1].Sync(context.Background()))
	require.Equal(t, 2, testutil.CollectAndCount(reg, "alertmanager_pushover_schedule_on_call"))
}

// failingAPI refuses every call.
type failingAPI struct{ schedule.GroupAPI }

func (failingAPI) Group(context.Context, string) (*pushover.Group, error) {
	return nil, &pushover.APIError{Endpoint: "group", StatusCode: 400, Errors: []string{"application token is invalid"}}
}
