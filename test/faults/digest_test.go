package faults

import (
	"context"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var digestTitle = regexp.MustCompile(`^(\d+) alert groups$`)

// TestStormDigest: a storm of warning groups to one recipient, behind two
// connections answering in 100 ms, is folded into digests (beyond
// pushover.digest.queue_depth waiting); the critical group's emergency is
// never folded. Every delivery is accounted for exactly once: sent on its
// own or folded into a digest the fake accepted, every webhook answers
// 200, and Alertmanager's retry of the whole storm sends nothing again.
func TestStormDigest(t *testing.T) {
	t.Parallel()
	f := startFake(t, "--latency", "100ms")
	b := startBridge(t, bridgeConfig(f.url, "", "digest: {queue_depth: 5}"), "")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	storm := pages("digest-storm-", 60, 1) // 60 deliveries: the critical page goes to the emergency route only
	s := newSender(b)
	results := s.sendAll(ctx, storm)
	for _, p := range storm {
		require.Equal(t, 200, results[p.id].Code, "page %s: answers %v", p.id, results[p.id].Codes)
	}
	msgs, err := f.ctl.Messages(ctx)
	require.NoError(t, err)
	alone, folded, digests, emergencies := 0, 0, 0, 0
	for _, m := range msgs {
		if g := digestTitle.FindStringSubmatch(m.Title); g != nil {
			n, _ := strconv.Atoi(g[1])
			folded += n
			digests++
			require.Less(t, m.Priority, 2, "a digest is never an emergency")
			continue
		}
		alone++
		if m.Priority == 2 {
			emergencies++
		}
	}
	require.Equal(t, 1, emergencies, "the emergency went on its own")
	require.Positive(t, digests, "the storm was folded")
	require.Equal(t, len(storm), alone+folded, "every delivery accounted for exactly once: %d alone, %d in %d digests", alone, folded, digests)
	require.Equal(t, float64(digests), b.metric(t, "alertmanager_pushover_digests_total"))
	require.Equal(t, float64(folded), b.metric(t, "alertmanager_pushover_digested_messages_total"))
	require.Equal(t, float64(folded), b.metric(t, `alertmanager_pushover_deliveries_total{outcome="digested",route="notify"}`))

	again := s.sendAll(ctx, storm)
	for _, p := range storm {
		require.Equal(t, 200, again[p.id].Code, "retry of %s: answers %v", p.id, again[p.id].Codes)
	}
	after, err := f.ctl.Messages(ctx)
	require.NoError(t, err)
	require.Len(t, after, len(msgs), "a retry sends nothing again")
}
