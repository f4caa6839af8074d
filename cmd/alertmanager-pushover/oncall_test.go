package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

const oncallConfig = `
pushover:
  token: ` + token + `
recipients:
  alice: {user_key: ` + userKey + `}
  bob: {user_key: ` + userKey + `}
  dave: {user_key: ` + userKey + `}
routes:
  - name: all
    to: [alice]
schedules:
  db-primary:
    time_zone: Europe/Berlin
    rotation: {start: 2026-01-05T09:00, length: 1w}
    members: [alice, bob]
    overrides:
      - {recipient: dave, from: 2026-12-24T18:00, to: 2026-12-27T09:00}
    sync_group: ` + groupKey + `
  ny:
    time_zone: America/New_York
    rotation: {start: 2027-01-04T09:00, length: 1d}
    members: [bob, alice]
`

func TestOncall(t *testing.T) {
	cfg := writeFile(t, "config.yml", oncallConfig)
	code, out, errOut := runCLI(t, "oncall", "--config.file="+cfg, "--at=2026-12-25T12:00:00Z", "--handoffs=2")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, `schedule db-primary (Europe/Berlin)
  on call at 2026-12-25 13:00 CET: dave (override)
  next hand-offs:
    2026-12-27 09:00 CET  dave -> alice
    2026-12-28 09:00 CET  alice -> bob
  a Pushover delivery group follows this schedule
schedule ny (America/New_York)
  on call at 2026-12-25 07:00 EST: no one (the rotation has not started)
  next hand-offs:
    2027-01-04 09:00 EST  (no one) -> bob
    2027-01-05 09:00 EST  bob -> alice
`, out)

	// A local time is read in each schedule's zone: 09:00 in both.
	code, out, errOut = runCLI(t, "oncall", "--config.file="+cfg, "--at=2027-01-04T09:00", "--handoffs=0")
	require.Equal(t, 0, code, errOut)
	require.Equal(t, `schedule db-primary (Europe/Berlin)
  on call at 2027-01-04 09:00 CET: alice
  a Pushover delivery group follows this schedule
schedule ny (America/New_York)
  on call at 2027-01-04 09:00 EST: bob
`, out)
}

func TestOncallErrors(t *testing.T) {
	code, out, _ := runCLI(t, "oncall", "--config.file="+exampleConfig)
	require.Equal(t, 0, code)
	require.Equal(t, "no schedules configured\n", out)

	cfg := writeFile(t, "config.yml", oncallConfig)
	code, _, errOut := runCLI(t, "oncall", "--config.file="+cfg, "--at=tomorrow")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, `--at: "tomorrow" is neither RFC 3339`)
	code, _, errOut = runCLI(t, "oncall", "--config.file="+cfg, "--handoffs=-1")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "--handoffs must not be negative")
}
