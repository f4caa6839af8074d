package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// roomConfig is a configuration with a Pushover user and a GroupMe room
// (the fake's demo bot), with an access token line when token is set.
func roomConfig(t *testing.T, po *pushovertest.Server, gm *groupmetest.Server, token, bot string) string {
	t.Helper()
	tok := ""
	if token != "" {
		tok = "\n  access_token: " + token
	}
	return writeFile(t, "c.yml", `
pushover: {token: `+pushovertest.DemoToken+`, api_url: "`+po.URL+`"}
groupme:
  api_url: "`+gm.URL+`"
  image_url: "`+gm.ImageURL+`"`+tok+`
recipients:
  me: {user_key: `+pushovertest.DemoUser+`}
  db-room: {groupme: {bot_id: `+bot+`}}
routes: [{name: all, to: [me], fallback: [db-room]}]
`)
}

func TestCheckConfigOnlineChecksBotIDs(t *testing.T) {
	po := pushovertest.New(t, pushovertest.WithDemoAccount())
	gm := groupmetest.New(t, groupmetest.WithDemo())

	code, out, errOut := runCLI(t, "check-config", "--online", "--config.file="+roomConfig(t, po, gm, groupmetest.DemoAccessToken, groupmetest.DemoBotID))
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, `recipient db-room: valid (GroupMe bot "`)
	require.Contains(t, out, "in group "+groupmetest.DemoGroupID)
	require.Contains(t, out, "Online check: SUCCESS")

	unknown := "unknownBot0000000000000000"
	code, out, errOut = runCLI(t, "check-config", "--online", "--config.file="+roomConfig(t, po, gm, groupmetest.DemoAccessToken, unknown))
	require.Equal(t, 1, code)
	require.Contains(t, out, "Online check: FAILED")
	require.Contains(t, errOut, `recipient "db-room": GroupMe knows no bot with this bot id`)
	require.NotContains(t, errOut+out, unknown, "the bot id is never printed")

	code, out, errOut = runCLI(t, "check-config", "--online", "--config.file="+roomConfig(t, po, gm, "", groupmetest.DemoBotID))
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "recipient db-room: GroupMe bot id not checked (checking needs groupme.access_token_file)")
	require.NotContains(t, errOut+out, groupmetest.DemoBotID)
}

func TestSendTestToARoom(t *testing.T) {
	po := pushovertest.New(t, pushovertest.WithDemoAccount())
	gm := groupmetest.New(t, groupmetest.WithDemo())
	cfg := roomConfig(t, po, gm, "", groupmetest.DemoBotID)

	code, out, errOut := runCLI(t, "send-test", "--config.file="+cfg, "--to=db-room", "--message=hello room")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "status: sent\nrecipient: db-room\n")
	posts := gm.Posts()
	require.Len(t, posts, 1)
	require.Equal(t, "alertmanager-pushover test\n\nhello room", posts[0].Text)
	require.Empty(t, po.Messages(), "nothing went to Pushover")

	gm.Inject(groupmetest.Fault{Kind: groupmetest.Fault404, Endpoint: groupmetest.EndpointPost})
	code, _, errOut = runCLI(t, "send-test", "--config.file="+cfg, "--to=db-room")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "posting to db-room")
	require.False(t, strings.Contains(errOut, groupmetest.DemoBotID), "the bot id is never printed")

	code, out, _ = runCLI(t, "send-test", "--config.file="+cfg, "--to=db-room", "--pushover.dry-run")
	require.Equal(t, 0, code)
	require.Contains(t, out, "status: dry_run")
	require.Len(t, gm.Posts(), 1)
}

func TestRenderForARoom(t *testing.T) {
	cfg := writeFile(t, "c.yml", `
pushover: {token: `+pushovertest.DemoToken+`}
recipients:
  db-room: {groupme: {bot_id: `+groupmetest.DemoBotID+`}}
routes: [{name: chat, to: [db-room], priority: emergency}]
`)
	code, out, errOut := runCLI(t, "render", "--config.file="+cfg, "--payload="+payloads+"01-firing-first.json")
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "=== route chat, recipient db-room (firing, 2 alerts)\ndestination: GroupMe\ntext:\n"+groupme.EmergencyMarker)
	require.Contains(t, out, "HighLatency")
	require.NotContains(t, out, "priority:", "GroupMe has no priority")
	require.NotContains(t, out, groupmetest.DemoBotID)
}

func TestCheckConfigSummaryShowsRoomsAndFallback(t *testing.T) {
	po := pushovertest.New(t, pushovertest.WithDemoAccount())
	gm := groupmetest.New(t, groupmetest.WithDemo())
	code, out, errOut := runCLI(t, "check-config", "--config.file="+roomConfig(t, po, gm, "", groupmetest.DemoBotID))
	require.Equal(t, 0, code, errOut)
	require.Contains(t, out, "  db-room (GroupMe room)\n")
	require.Contains(t, out, "    fallback=[db-room] fallback_after=0s\n")
	require.NotContains(t, out, groupmetest.DemoBotID)
}
