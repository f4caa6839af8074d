package main

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRoutesTestAndCheckConfigShowEscalation(t *testing.T) {
	cfg := writeFile(t, "c.yml", `
pushover: {token: `+token+`}
recipients:
  primary: {user_key: `+userKey+`}
  lead: {user_key: `+groupKey+`}
routes:
  - name: page-db
    to: [primary]
    priority: emergency
    escalate:
      - {after: 10m, to: [lead]}
      - {after: 25m, to: [lead, primary]}
`)
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
