package receiver

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// withExternalURL returns a shared payload as sent by the Alertmanager at url.
func withExternalURL(t *testing.T, name, url string) []byte {
	t.Helper()
	var p map[string]any
	require.NoError(t, json.Unmarshal(readPayload(t, name), &p))
	p["externalURL"] = url
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return b
}

// TestTwoAlertmanagersDoNotCancelEachOther (issue 10, item 1): two
// Alertmanager clusters send the same group to one bridge. Each pages;
// resolving one side cancels its own emergencies, by receipt, and the
// other side's keep ringing.
func TestTwoAlertmanagersDoNotCancelEachOther(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	const amA, amB = "http://am-a.example.com:9093", "http://am-b.example.com:9093"
	for _, am := range []string{amA, amB} {
		code, a := ef.post(t, withExternalURL(t, "01-firing-first.json", am))
		require.Equal(t, 200, code, "%+v", a)
		require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a), "each cluster pages: %s", am)
	}
	receipts := ef.srv.Receipts()
	require.Len(t, receipts, 4)
	tags := map[string]bool{}
	for _, r := range receipts {
		tags[r.Tags[0]] = true
	}
	require.Len(t, tags, 4, "tags differ by source")

	code, a := ef.post(t, withExternalURL(t, "04-all-resolved.json", amA))
	require.Equal(t, 200, code, "%+v", a)
	ringing := 0
	for _, r := range ef.srv.Receipts() {
		if !r.Canceled {
			ringing++
		}
	}
	require.Equal(t, 2, ringing, "cluster B's emergencies ring on")
	for _, r := range ef.srv.Requests() {
		require.NotEqual(t, "cancel_by_tag", r.Endpoint, "the ledger knows the receipts")
	}
	for _, d := range a.Deliveries {
		require.Equal(t, 1, d.Cancelled, "%+v", d)
	}
}

// TestCancelFollowsWhatWasSent (issue 10, item 2): after a reload that
// renames the route or the recipient, or lowers the route's priority, a
// resolve still cancels the emergencies that were sent, and the answer
// counts what Pushover cancelled, never an assumption.
func TestCancelFollowsWhatWasSent(t *testing.T) {
	for _, tc := range []struct {
		name     string
		edit     func(string) string
		outcomes []string
	}{
		{"route renamed", func(s string) string { return strings.Replace(s, "name: page", "name: page-renamed", 1) },
			[]string{"page-renamed/oncall=sent", "page-renamed/team=sent", "page/oncall=cancelled", "page/team=cancelled"}},
		{"recipient renamed", func(s string) string {
			s = strings.Replace(s, "  oncall: {", "  primary: {", 1)
			return strings.Replace(s, "to: [oncall, team]", "to: [primary, team]", 1)
		}, []string{"page/primary=sent", "page/team=sent", "page/oncall=cancelled"}},
		{"priority lowered", func(s string) string { return strings.Replace(s, "priority: emergency", "priority: high", 1) },
			[]string{"page/oncall=sent", "page/team=sent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ef := newEmergencyFixture(t, "", testRouting)
			code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code, "%+v", a)
			require.Len(t, ef.srv.Receipts(), 2)

			rt := *ef.rt
			rt.Pipeline.Router = compileRouter(t, tc.edit(testRouting))
			ef.rt = &rt
			ef.h.SetRuntime(ef.rt) // the reload

			code, a = ef.post(t, readPayload(t, "04-all-resolved.json"))
			require.Equal(t, 200, code, "%+v", a)
			require.ElementsMatch(t, tc.outcomes, outcomes(a))
			for _, r := range ef.srv.Receipts() {
				require.True(t, r.Canceled, "receipt of %v cancelled", r.Recipients)
			}
			total := 0
			for _, d := range a.Deliveries {
				total += d.Cancelled
				if d.Outcome == pipeline.OutcomeCancelled {
					require.Equal(t, 1, d.Cancelled, "%+v", d)
				}
			}
			require.Equal(t, 2, total, "the answer counts what Pushover cancelled")
		})
	}
}
