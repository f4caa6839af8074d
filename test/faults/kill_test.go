package faults

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestKillDuringStorm: the bridge is SIGKILLed in the middle of a storm and
// started again on the same storage path while Alertmanager keeps
// retrying. No page is lost. A page is sent again only if Pushover
// accepted it in the instant before the kill, before the ledger had it on
// disk: the two requests in flight, and what was accepted while its ledger
// batch was being committed (4 in every run so far). The
// emergencies whose alerts resolved while the bridge was down are
// cancelled once it is back.
func TestKillDuringStorm(t *testing.T) {
	t.Parallel()
	f := startFake(t, "--latency", "100ms") // two connections: 20 messages a second
	b := startBridge(t, bridgeConfig(f.url, "timeout: 2s", ""), "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	s := newSender(b)

	// Five emergencies ring.
	critical := pages("kill-crit-", 5, 5)
	for id, r := range s.sendAll(ctx, critical) {
		require.Equal(t, 200, r.Code, "%s: answers %v", id, r.Codes)
	}
	receipts, err := f.ctl.Receipts(ctx)
	require.NoError(t, err)
	require.Len(t, receipts, 5)

	// A storm of 60 groups; the bridge dies a third of the way through.
	storm := pages("kill-storm-", 60, 0)
	stormDone := make(chan map[string]result)
	go func() { stormDone <- s.sendAll(ctx, storm) }()
	require.Eventually(t, func() bool {
		st, err := f.ctl.Stats(ctx)
		return err == nil && st.Messages >= 5+20
	}, 30*time.Second, 10*time.Millisecond)
	b.kill()
	t.Log("bridge killed")

	// The emergencies' alerts resolve while the bridge is down.
	resolved := make([]page, len(critical))
	for i, p := range critical {
		p.status = "resolved"
		resolved[i] = p
	}
	resolvedDone := make(chan map[string]result)
	go func() { resolvedDone <- s.sendAll(ctx, resolved) }()
	time.Sleep(time.Second)
	b.restart(t)
	t.Log("bridge restarted")

	stormResults, resolvedResults := <-stormDone, <-resolvedDone
	for _, p := range storm {
		require.Equal(t, 200, stormResults[p.id].Code, "%s: answers %v", p.id, stormResults[p.id].Codes)
	}
	for _, p := range resolved {
		require.Equal(t, 200, resolvedResults[p.id].Code, "%s: answers %v", p.id, resolvedResults[p.id].Codes)
	}
	require.Eventually(t, func() bool {
		st, err := f.ctl.Stats(ctx)
		return err == nil && st.InFlight == 0
	}, 10*time.Second, 100*time.Millisecond)

	got := delivered(t, f)
	doubled := 0
	for _, p := range append(critical, storm...) {
		require.GreaterOrEqual(t, got[p.id], 1, "page %s lost", p.id)
		if got[p.id] > 1 {
			doubled += got[p.id] - 1
			t.Logf("page %s sent %d times; answers %v", p.id, got[p.id], stormResults[p.id].Codes)
		}
	}
	t.Logf("%d of %d pages sent twice across the kill", doubled, len(critical)+len(storm))
	// Measured: 4 (the two requests Pushover was answering, and those
	// accepted while their ledger batch was being committed).
	require.LessOrEqual(t, doubled, 6, "only what Pushover accepted in the instant before the kill may be sent again")

	receipts, err = f.ctl.Receipts(ctx)
	require.NoError(t, err)
	for _, r := range receipts {
		require.True(t, r.Canceled, "emergency %s (tags %v) still ringing after its alert resolved", r.ID, r.Tags)
	}
	st, err := f.ctl.Stats(ctx)
	require.NoError(t, err)
	require.LessOrEqual(t, st.PeakConcurrentRequests, 2)
}
