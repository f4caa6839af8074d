package receiver

import (
	"testing"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// TestDryRunRecordsNothing (issue 10, item 7): a dry run shares the
// durable ledger with the live bridge that follows it, and must record
// nothing as accepted there: after switching to live, the same webhooks
// page for real, and nothing reads as deduplicated or still ringing.
func TestDryRunRecordsNothing(t *testing.T) {
	dir := t.TempDir()
	l, err := ledger.Open(dir, ledger.Options{})
	require.NoError(t, err)
	f := newFixture(t, testRouting, func(rt *Runtime) {
		rt.Pipeline.Notifiers, rt.Pipeline.DryRun = pipeline.DryRunAll(rt.Pipeline.Notifiers, log.NewNopLogger()), true
	})
	f.ledger = l
	f.build(f.h.Runtime())
	for _, p := range []string{"01-firing-first.json", "05-warning-first.json", "01-firing-first.json"} {
		code, a := f.post(t, readPayload(t, p))
		require.Equal(t, 200, code, "%+v", a)
		for _, d := range a.Deliveries {
			require.Equal(t, pipeline.OutcomeDryRun, d.Outcome, "a dry run never deduplicates: %+v", d)
		}
	}
	f.wait(t)
	deliveries, emergencies := l.Len()
	require.Zero(t, deliveries, "nothing recorded as accepted")
	require.Zero(t, emergencies, "no emergency recorded")
	require.NoError(t, l.Close())

	// The same storage, live.
	l, err = ledger.Open(dir, ledger.Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	live := newFixture(t, testRouting)
	live.ledger = l
	live.build(live.h.Runtime())
	code, a := live.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	require.Len(t, live.sender.Sent(), 2, "paged for real")
}
