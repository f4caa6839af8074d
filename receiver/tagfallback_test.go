package receiver

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// mayPageRouting routes warnings by a priority template: the route may
// be an emergency, so what it sends below emergency first stops the
// group's emergencies.
const mayPageRouting = `
recipients:
  team: {user_key: ` + teamKey + `}
routes:
  - name: team
    matchers: ['severity=~"critical|warning"']
    to: [team]
    priority: '{{ if eq .CommonLabels.severity "critical" }}emergency{{ else }}normal{{ end }}'
    expire: 1h
    retry: 1m
`

// TestTagCancelOnlyWhenTheLedgerMayNotKnow (new-user trial finding 24; the
// storm benchmark's extra request before every message): a warning on a
// route that may page is preceded by cancel_by_tag only when the ledger
// may have missed an emergency for its alerts (they started before the
// bridge, or the ledger failed since); for alerts that started after, the
// ledger knows none was sent, and no request is made.
func TestTagCancelOnlyWhenTheLedgerMayNotKnow(t *testing.T) {
	body := readPayload(t, "05-warning-first.json") // started 2026-11-22T10:07:23Z
	after := []byte(strings.Replace(string(body), `"startsAt":"2026-11-22T10:07:23.748101068Z"`,
		`"startsAt":"2026-11-22T10:30:00Z"`, 1))
	require.NotEqual(t, body, after)
	for _, tc := range []struct {
		name    string
		payload []byte
		tagCall bool
	}{
		{"alerts older than the bridge: the ledger may have lost them", body, true},
		{"alerts newer than the bridge: the ledger would know", after, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ef := newEmergencyFixture(t, "", mayPageRouting)
			code, a := ef.post(t, tc.payload)
			require.Equal(t, 200, code, "%+v", a)
			require.Equal(t, []string{"team/team=sent"}, outcomes(a))
			calls := 0
			for _, r := range ef.srv.Requests() {
				if r.Endpoint == "cancel_by_tag" {
					calls++
				}
			}
			require.Equal(t, tc.tagCall, calls == 1, "cancel_by_tag calls: %d", calls)
		})
	}
}

// TestMayPage: the emergency reserve admits a webhook when its firing
// alerts would page, the priority template rendered as planning renders
// it: a warning on a route whose template pages only critical alerts
// does not; a critical alert does; a resolved one does not.
func TestMayPage(t *testing.T) {
	ef := newEmergencyFixture(t, "", mayPageRouting)
	for _, tc := range []struct {
		payload string
		want    bool
	}{
		{"05-warning-first.json", false},
		{"01-firing-first.json", true},
		{"04-all-resolved.json", false},
	} {
		require.Equal(t, tc.want, pipeline.MayPage(&ef.rt.Pipeline, loadPayload(t, tc.payload)), tc.payload)
	}
}
