package receiver

import (
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestResolveCancelsTheTagThatWasSent: the resolve of an emergency calls
// cancel_by_tag with exactly the tag the emergency carried, and Pushover
// cancels it; with the same ledger, after a restart on the same storage,
// and after a restart on empty storage (cancelling needs no state).
func TestResolveCancelsTheTagThatWasSent(t *testing.T) {
	for _, tc := range []struct {
		name           string
		restart, fresh bool
	}{
		{"same process", false, false},
		{"restart", true, false},
		{"restart with empty storage", true, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			ef := newEmergencyFixture(t, t.TempDir(), testRouting)
			code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code, "%+v", a)
			sent := map[string]bool{} // tags and receipts
			for _, r := range ef.srv.Receipts() {
				require.Len(t, r.Tags, 1)
				require.Regexp(t, `^[A-Za-z0-9_-]+$`, r.Tags[0])
				sent[r.Tags[0]], sent[r.ID] = true, true
			}
			require.Len(t, sent, 4, "one tag per recipient")
			require.InDelta(t, 2, testutil.ToFloat64(ef.lm.Outstanding), 0)
			if tc.restart {
				ef.restart(t, tc.fresh)
			}

			code, a = ef.post(t, readPayload(t, "04-all-resolved.json"))
			require.Equal(t, 200, code, "%+v", a)
			canceled := ef.sender.Canceled()
			require.Len(t, canceled, 2)
			for what, n := range canceled {
				require.True(t, sent[what], "cancelled a receipt or tag that was sent")
				require.Equal(t, 1, n, "canceled: 1")
				if tc.fresh {
					require.Regexp(t, `^amp-`, what, "the ledger knows nothing: by tag")
				} else {
					require.NotRegexp(t, `^amp-`, what, "the ledger knows the receipt")
				}
			}
			for _, d := range a.Deliveries {
				require.Equal(t, 1, d.Cancelled, "what Pushover answered: %+v", d)
			}
			for _, r := range ef.srv.Receipts() {
				require.True(t, r.Canceled)
			}
			require.InDelta(t, 0, testutil.ToFloat64(ef.lm.Outstanding), 0)
		})
	}
}

// TestPartialDowngradeCancels: a group of a critical and a warning alert;
// the critical resolves while the warning fires on. The emergency route's
// delivery now holds only the resolved critical, so its emergency is
// cancelled; the warning route is unaffected.
func TestPartialDowngradeCancels(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	critical, warning := alertsOf(t, "01-firing-first.json")[0], alertsOf(t, "05-warning-first.json")[0]
	both := payloadWith(t, "01-firing-first.json", func([]map[string]any) []map[string]any {
		return []map[string]any{critical, warning}
	})
	code, a := ef.post(t, both)
	require.Equal(t, 200, code)
	require.ElementsMatch(t, []string{"page/oncall=sent", "page/team=sent", "warn/team=sent"}, outcomes(a))

	downgraded := payloadWith(t, "01-firing-first.json", func([]map[string]any) []map[string]any {
		return []map[string]any{resolve(critical), warning}
	})
	code, a = ef.post(t, downgraded)
	require.Equal(t, 200, code, "%+v", a)
	require.ElementsMatch(t, []string{"page/oncall=sent", "page/team=sent", "warn/team=deduplicated"}, outcomes(a))
	canceled := ef.sender.Canceled()
	require.Len(t, canceled, 2)
	for _, n := range canceled {
		require.Equal(t, 1, n)
	}
	for _, r := range ef.srv.Receipts() {
		require.True(t, r.Canceled)
	}
}

// TestRepeatWhileRinging: on "repeat interval elapsed" an emergency that
// still rings is not sent again, unless the route sets
// repeat_while_ringing.
func TestRepeatWhileRinging(t *testing.T) {
	for _, tc := range []struct {
		name     string
		repeat   bool
		outcomes []string
		messages int
	}{
		{"default", false, []string{"page/oncall=still_ringing", "page/team=still_ringing"}, 2},
		{"repeat_while_ringing", true, []string{"page/oncall=sent", "page/team=sent"}, 4},
	} {
		t.Run(tc.name, func(t *testing.T) {
			routes := testRouting
			if tc.repeat {
				routes = strings.Replace(routes, "    resolved_sound: magic\n", "    resolved_sound: magic\n    repeat_while_ringing: true\n", 1)
			}
			ef := newEmergencyFixture(t, t.TempDir(), routes)
			code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, 200, code)
			ef.advance(10 * time.Minute) // past the dedup window: a genuine reminder
			code, a := ef.post(t, readPayload(t, "02-firing-repeat.json"))
			require.Equal(t, 200, code, "%+v", a)
			require.Equal(t, tc.outcomes, outcomes(a))
			require.Len(t, ef.srv.Messages(), tc.messages)
		})
	}
}

// TestPartialResolveWhileRinging: some alerts of a ringing emergency
// resolve, the rest fire on: no new siren and no cancel, but an update at
// the route's resolved_priority; the final resolve cancels.
func TestPartialResolveWhileRinging(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	code, _ := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)

	code, a := ef.post(t, readPayload(t, "03-some-resolved.json"))
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	for _, d := range a.Deliveries {
		require.Equal(t, "low", d.Priority)
		require.Zero(t, d.Cancelled)
	}
	require.Len(t, ef.srv.Receipts(), 2, "no new emergency")
	for _, r := range ef.srv.Receipts() {
		require.False(t, r.Canceled, "still firing: keeps ringing")
	}
	msgs := ef.srv.Messages()
	require.Len(t, msgs, 4)
	require.Equal(t, int(pushover.PriorityLow), msgs[3].Priority)
	require.Equal(t, "magic", msgs[3].Params["sound"], "resolved_sound")

	code, _ = ef.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code)
	for _, r := range ef.srv.Receipts() {
		require.True(t, r.Canceled)
	}
}

// TestPartialFailureRetrySendsEachOnce: the second message meets a 503;
// Alertmanager's retry (in the same process, or after a restart on the
// same storage) sends only that one.
func TestPartialFailureRetrySendsEachOnce(t *testing.T) {
	for _, restart := range []bool{false, true} {
		t.Run(map[bool]string{false: "same process", true: "restart"}[restart], func(t *testing.T) {
			ef := newEmergencyFixture(t, t.TempDir(), testRouting, func(rt *Runtime) { rt.Config.MaxConcurrency = 1 })
			ef.srv.Inject(pushovertest.Fault{Kind: pushovertest.FaultNoLimits, Endpoint: "messages"})
			ef.srv.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages"})
			body := readPayload(t, "01-firing-first.json")
			code, a := ef.post(t, body)
			require.Equal(t, 503, code)
			require.Equal(t, []string{"page/oncall=sent", "page/team=failed_retryable"}, outcomes(a))
			if restart {
				ef.restart(t, false)
			}
			code, a = ef.post(t, body)
			require.Equal(t, 200, code, "%+v", a)
			require.Equal(t, []string{"page/oncall=deduplicated", "page/team=sent"}, outcomes(a))
			code, a = ef.post(t, body) // an identical re-delivery (an HA peer)
			require.Equal(t, 200, code)
			require.Equal(t, []string{"page/oncall=deduplicated", "page/team=deduplicated"}, outcomes(a))
			require.Len(t, ef.srv.Messages(), 2)
			require.Zero(t, ef.srv.DuplicateMessages())
		})
	}
}
