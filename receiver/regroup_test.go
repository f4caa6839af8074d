package receiver

import (
	"encoding/json"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// edited returns a shared payload with its top-level fields and alerts
// changed by edit (as generic JSON).
func edited(t *testing.T, name string, edit func(p map[string]any, alerts []any)) []byte {
	t.Helper()
	var p map[string]any
	require.NoError(t, json.Unmarshal(readPayload(t, name), &p))
	edit(p, p["alerts"].([]any))
	b, err := json.Marshal(p)
	require.NoError(t, err)
	return b
}

// TestRegroupedAlertDoesNotRingAgain (issue 10, item 3): Alertmanager's
// group_by changes, and the alerts of a ringing emergency arrive under a
// new group key. They do not page again; their resolve, under the new
// key, stops every emergency that covered them.
func TestRegroupedAlertDoesNotRingAgain(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code, "%+v", a)
	require.Len(t, ef.srv.Receipts(), 2)

	regroup := func(p map[string]any, _ []any) { p["groupKey"] = `{}:{alertname="HighLatency", cluster="eu1"}` }
	code, a = ef.post(t, edited(t, "01-firing-first.json", regroup))
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=still_ringing", "page/team=still_ringing"}, outcomes(a))
	require.Len(t, ef.srv.Receipts(), 2, "no second siren")

	code, a = ef.post(t, edited(t, "04-all-resolved.json", regroup))
	require.Equal(t, 200, code, "%+v", a)
	for _, r := range ef.srv.Receipts() {
		require.True(t, r.Canceled, "the emergency sent under the old group key stops")
	}
}

// TestFlapDoesNotOpenASecondSiren (issue 10, item 5): the alerts fire,
// resolve and fire again inside one Alertmanager flush (new startsAt, the
// same fingerprints), and the repeat reminder follows while the first
// emergency still rings: no second siren.
func TestFlapDoesNotOpenASecondSiren(t *testing.T) {
	ef := newEmergencyFixture(t, "", testRouting)
	code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code, "%+v", a)
	ef.advance(10 * time.Minute) // past the dedup window: a genuine reminder
	flapped := edited(t, "02-firing-repeat.json", func(_ map[string]any, alerts []any) {
		for _, x := range alerts {
			al := x.(map[string]any)
			start, err := time.Parse(time.RFC3339Nano, al["startsAt"].(string))
			require.NoError(t, err)
			al["startsAt"] = start.Add(30 * time.Second).Format(time.RFC3339Nano)
		}
	})
	code, a = ef.post(t, flapped)
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=still_ringing", "page/team=still_ringing"}, outcomes(a))
	require.Len(t, ef.srv.Receipts(), 2, "no second siren")
	for _, r := range ef.srv.Receipts() {
		require.False(t, r.Canceled, "the first emergency rings on")
	}
}
