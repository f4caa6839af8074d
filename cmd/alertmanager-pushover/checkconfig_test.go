package main

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func TestCheckConfigOnlineFailures(t *testing.T) {
	srv := pushovertest.New(t, pushovertest.WithDemoAccount())
	cfg := func(tok string) string {
		return writeFile(t, "c.yml", `
pushover: {token: `+tok+`, api_url: "`+srv.URL+`"}
recipients:
  me: {user_key: `+userKey+`, devices: [phone]}
  team: {user_key: `+groupKey+`}
routes: [{name: all, to: [me, team], sound: Siren}]
`)
	}
	code, out, errOut := runCLI(t, "check-config", "--online", "--config.file="+cfg(token))
	require.Equal(t, 1, code, errOut)
	require.Contains(t, out, "recipient team: valid (a delivery group)")
	require.Contains(t, out, "\nOnline check: FAILED\n")
	require.NotContains(t, out, "Online check: SUCCESS")
	require.Contains(t, errOut, `sound: "Siren" is not a sound of this application (did you mean "siren"?`)

	code, out, errOut = runCLI(t, "check-config", "--online", "--config.file="+cfg("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzz"))
	require.Equal(t, 1, code)
	require.Contains(t, out, "\nOnline check: FAILED\n")
	require.Equal(t, 1, strings.Count(errOut, "invalid"), "the refused token is reported once:\n%s", errOut)
	require.Contains(t, errOut, "application token is invalid")
	require.NotContains(t, errOut, "zzzzzzzzzz", "the token is never printed")
}

func TestCheckConfigSummaryAndWarnings(t *testing.T) {
	path := writeFile(t, "c.yml", `
pushover: {token: `+token+`}
recipients:
  me: {user_key: `+userKey+`}
routes:
  - {name: db, receiver: 'pushover-.*', matchers: ['team="db"'], to: [me], format: text, retry: 90s, expire: 2h}
  - {name: all, to: [me], sound: Siren}
  - {name: never, matchers: ['a="b"'], to: [me], priority: emergency, ttl: 1h}
`)
	code, out, errOut := runCLI(t, "check-config", "--config.file="+path)
	require.Equal(t, 0, code, errOut)
	for _, want := range []string{
		`continue=false receiver=^(?:pushover-.*)$`,
		"format=text send_resolved=true retry=1m30s expire=2h ttl=0s",
		`warning: route "never" can never match: route "all" before it matches every alert and has no continue: true`,
		`warning: route "never": ttl is ignored`,
		`warning: route "all": sound "Siren": sound names are lower case, did you mean "siren"?`,
	} {
		require.Contains(t, out, want)
	}
	require.NotContains(t, out, `route "db" can never match`)
}
