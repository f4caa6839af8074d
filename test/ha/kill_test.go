package ha

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// maxDoubledAfterKill bounds the pages sent twice when a replica is
// SIGKILLed in a storm: what Pushover accepted from it in the instant
// before the kill, before the shared ledger had it (its two requests in
// flight, and what was answered while its Accept was on the way). The
// README's "High availability" section states it.
const maxDoubledAfterKill = 4

// TestReplicaKilledDuringStorm: of two replicas sharing one Redis, behind
// a round-robin proxy, fed each webhook twice at once (an Alertmanager
// pair), one is SIGKILLed in the middle of a storm and started again. No
// page is lost; a page is sent twice only when the killed replica had it
// at Pushover in the instant before the kill (counted and logged). The
// deliveries it had claimed are held until their claims expire, then
// sent by a retry. The emergencies whose alerts resolved meanwhile are
// cancelled.
func TestReplicaKilledDuringStorm(t *testing.T) {
	c := newCluster(t, pushovertest.WithLatency(100*time.Millisecond))
	ctx, cancel := context.WithTimeout(context.Background(), 90*time.Second)
	defer cancel()
	s := newSender(c.proxy.url)

	critical := pages("crit-", 5, 5)
	results := s.sendAll(ctx, critical)
	require.Empty(t, failures(results), "the emergencies are answered 200")
	require.Len(t, c.fake.Receipts(), 5)

	// A storm of 60 groups; replica 0 dies a third of the way through.
	storm := pages("storm-", 60, 0)
	stormDone := make(chan map[string]result)
	go func() { stormDone <- s.sendAll(ctx, storm) }()
	require.Eventually(t, func() bool { return c.fake.Stats().Messages >= 5+20 }, 30*time.Second, 10*time.Millisecond)
	killed := c.replicas[0]
	killed.Kill()
	t.Log("replica 0 killed")
	killedAt := time.Now()

	// The emergencies' alerts resolve while it is down.
	resolved := resolvedPages(critical)
	resolvedDone := make(chan map[string]result)
	go func() { resolvedDone <- s.sendAll(ctx, resolved) }()
	refused := c.proxy.refused[0].Load()
	require.Eventually(t, func() bool { return c.proxy.refused[0].Load() > refused+2 }, 10*time.Second, 10*time.Millisecond,
		"requests meet the dead replica")
	killed.restart()
	t.Logf("replica 0 restarted after %v", time.Since(killedAt).Round(time.Millisecond))

	stormResults, resolvedResults := <-stormDone, <-resolvedDone
	require.Empty(t, failures(stormResults), "every storm webhook answered 200 in the end")
	require.Empty(t, failures(resolvedResults), "every resolve answered 200 in the end")
	t.Logf("every webhook answered 200 %v after the kill", time.Since(killedAt).Round(time.Millisecond))
	require.True(t, c.quiet(ctx), "the fake went quiet")

	got := c.delivered()
	doubled := 0
	for _, p := range append(critical, storm...) {
		require.GreaterOrEqual(t, got[p.id], 1, "page %s lost", p.id)
		if got[p.id] > 1 {
			doubled += got[p.id] - 1
			t.Logf("page %s sent %d times", p.id, got[p.id])
		}
	}
	held := c.replicas[1].metric("alertmanager_pushover_deliveries_total", "outcome", "failed_retryable")
	t.Logf("%d of %d pages sent twice across the kill; replica 1 answered %v deliveries retryable (held by the dead replica's claims, or in flight on the other)",
		doubled, len(critical)+len(storm), held)
	require.LessOrEqual(t, doubled, maxDoubledAfterKill, "only what Pushover accepted in the instant before the kill may be sent again")
	for _, r := range c.fake.Receipts() {
		require.True(t, r.Canceled, "emergency %s still ringing after its alert resolved", r.ID)
	}
	for _, p := range critical {
		require.Equal(t, 1, got[p.id+"/resolved"], "one resolved message for %s", p.id)
	}
	require.LessOrEqual(t, c.fake.Stats().PeakConcurrentRequests, 4, "two connections a replica")
}
