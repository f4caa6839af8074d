package main

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// syncConfig has the schedule primary, members in that order (the first
// is on call: the rotation is 1000 weeks long), keep the delivery group
// syncGroup.
func syncConfig(apiURL, members string) string {
	return `
pushover: {token: ` + token + `, api_url: "` + apiURL + `"}
recipients:
  oncall: {user_key: ` + userKey + `}
  other: {user_key: ` + otherUser + `}
routes:
  - {name: page, to: [primary], priority: emergency}
schedules:
  primary:
    time_zone: UTC
    rotation: {start: 2020-01-06T09:00, length: 1000w}
    members: [` + members + `]
    sync_group: ` + syncGroup + `
`
}

const (
	otherUser = "uOtherOnCallUser00000000000000"
	syncGroup = "gSyncGroupOfTheSchedule0000000"
)

// The schedules' syncers run in the background and are restarted on a
// reload: the delivery group follows the new configuration's on-call
// person; they stop with the background.
func TestSyncersFollowReload(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	fake.AddUser(otherUser, "phone")
	fake.CreateGroup(syncGroup, "on call")
	a := newTestApp(t, syncConfig(fake.URL, "oncall, other"), Options{})
	ctx, cancel := context.WithCancel(context.Background())
	bg := a.startBackground(ctx)
	members := func() []string {
		g, _ := fake.Group(syncGroup)
		var out []string
		for _, m := range g.Users {
			if !m.Disabled {
				out = append(out, m.User)
			}
		}
		return out
	}
	require.Eventually(t, func() bool { return len(members()) == 1 && members()[0] == pushovertest.DemoUser },
		10*time.Second, 10*time.Millisecond, "oncall joins the group")

	require.NoError(t, os.WriteFile(a.path, []byte(syncConfig(fake.URL, "other, oncall")), 0o600))
	require.NoError(t, a.Reload())
	require.Eventually(t, func() bool { return len(members()) == 1 && members()[0] == otherUser },
		10*time.Second, 10*time.Millisecond, "after the reload, other replaces oncall in the group")
	cancel()
	bg.Wait()
}
