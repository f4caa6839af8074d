package ha

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestRedisAway: with the Redis server stopped in the middle of a run,
// both replicas keep sending pages (each at least once; the two copies of
// a webhook may now both page, which is counted and logged) and say so:
// an error in the log, alertmanager_pushover_ledger_healthy 0, and
// "Ledger degraded" in /-/ready's body (still 200, so that the Service
// keeps them), and the ledger's row of the status page. When the server is back (empty: no persistence), the same
// processes are healthy again, and pages go out exactly once again.
func TestRedisAway(t *testing.T) {
	c := newCluster(t)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	s := newSender(c.proxy.url)
	pids := [2]int{c.replicas[0].Cmd().Process.Pid, c.replicas[1].Cmd().Process.Pid}

	before := pages("before-", 6, 2)
	require.Empty(t, failures(s.sendAll(ctx, before)))
	for _, b := range c.replicas {
		require.Equal(t, 1.0, b.metric("alertmanager_pushover_ledger_healthy"))
	}

	c.redis.Stop()
	t.Log("redis stopped")
	during := pages("during-", 10, 2)
	require.Empty(t, failures(s.sendAll(ctx, during)), "pages go out without the store")
	for i, b := range c.replicas {
		code, body := b.get("/-/ready")
		require.Equal(t, 200, code, "replica %d stays ready: it still pages", i)
		require.Contains(t, body, "Ledger degraded", "replica %d's /-/ready", i)
		require.Contains(t, body, "unreachable", "replica %d's /-/ready", i)
		require.Equal(t, 0.0, b.metric("alertmanager_pushover_ledger_healthy"), "replica %d", i)
		_, status := b.get("/")
		require.Regexp(t, `class="bad">redis at redis://127\.0\.0\.1:\d+/0 unreachable`, status, "replica %d's status page", i)
	}
	require.True(t, c.replicas[0].logged(`level=error .*component=(ledger|pipeline)`) ||
		c.replicas[1].logged(`level=error .*component=(ledger|pipeline)`), "an error is logged")

	c.redis.Restart()
	t.Log("redis back")
	for i, b := range c.replicas {
		require.Eventually(t, func() bool {
			_, body := b.get("/-/ready")
			return !strings.Contains(body, "degraded") && b.metric("alertmanager_pushover_ledger_healthy") == 1
		}, 20*time.Second, 50*time.Millisecond, "replica %d healthy again", i)
		require.Equal(t, pids[i], b.Cmd().Process.Pid, "replica %d was not restarted", i)
	}
	after := pages("after-", 6, 2)
	require.Empty(t, failures(s.sendAll(ctx, after)))
	require.True(t, c.quiet(ctx))

	got := c.delivered()
	doubled := 0
	for _, p := range during {
		require.GreaterOrEqual(t, got[p.id], 1, "page %s lost while Redis was away", p.id)
		doubled += got[p.id] - 1
	}
	for _, p := range append(before, after...) {
		require.Equal(t, 1, got[p.id], "page %s, with the store up: exactly once", p.id)
	}
	t.Logf("while Redis was away: %d pages, %d sent twice (each webhook came twice, as from an Alertmanager pair)",
		len(during), doubled)
	c.requireNoSecret()
}
