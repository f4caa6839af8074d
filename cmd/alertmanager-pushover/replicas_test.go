package main

import (
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// startReplica starts a bridge whose ledger is on the Redis server of the
// URL in urlFile, with Pushover's callback pointing at itself.
func startReplica(t *testing.T, fake *pushovertest.Server, urlFile string) *testApp {
	t.Helper()
	return startReplicaWith(t, fake, urlFile, func(s string) string { return s })
}

// startReplicaWith is startReplica with its configuration changed by edit.
func startReplicaWith(t *testing.T, fake *pushovertest.Server, urlFile string, edit func(string) string) *testApp {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	content := edit(opsConfig(fake.URL, "team")) + "emergency: {callback_url: \"http://" + srv.Listener.Addr().String() + "\"}\n" +
		"ledger: {redis: {url_file: " + urlFile + ", key_prefix: test/}}\n"
	path := writeFile(t, "config.yml", content)
	app, err := NewApp(Options{ConfigFile: path}, log.NewNopLogger())
	require.NoError(t, err)
	t.Cleanup(func() { _ = app.ledger.Close() })
	srv.Config.Handler = app.Routes()
	srv.Start()
	t.Cleanup(srv.Close)
	return &testApp{App: app, srv: srv, path: path}
}

// replicas starts two bridges sharing one Redis (with a password) and
// Alertmanager's HA pair sending them the same webhook at once: every
// page goes out exactly once. It returns the two and the fake Pushover.
func replicas(t *testing.T) (a, b *testApp, fake *pushovertest.Server, redis *redistest.Server) {
	const password = "replica-test-pw"
	redis = redistest.Start(t, redistest.Options{Password: password})
	urlFile := writeFile(t, "redis-url", redis.URL(password, 0))
	fake = pushovertest.New(t, pushovertest.WithDemoAccount())
	a, b = startReplica(t, fake, urlFile), startReplica(t, fake, urlFile)
	var wg sync.WaitGroup
	for _, r := range []*testApp{a, b} {
		wg.Go(func() {
			// Like Alertmanager: retry on 503 (the other replica holds the delivery).
			require.Eventually(t, func() bool {
				code, _ := r.post(t, "01-firing-first.json")
				return code == 200
			}, 10*time.Second, 50*time.Millisecond)
		})
	}
	wg.Wait()
	require.Equal(t, 2, len(fake.Messages()), "page-oncall and team, each once")
	require.Zero(t, fake.Stats().DuplicateMessages)
	require.Len(t, fake.Receipts(), 1)
	for _, r := range []*testApp{a, b} {
		code, page := r.do(t, "GET", "/", nil)
		require.Equal(t, 200, code)
		require.Contains(t, page, "1 ringing", "both status pages")
		require.Contains(t, page, "shared by the replicas, on redis://"+redis.Addr+"/0")
		require.NotContains(t, page, password)
	}
	return a, b, fake, redis
}

// TestReplicasPageOnceAndShareAcknowledgements: the acknowledgement that
// Pushover calls back to one replica is on both status pages.
func TestReplicasPageOnceAndShareAcknowledgements(t *testing.T) {
	a, b, fake, _ := replicas(t)
	require.NoError(t, fake.Ack(fake.Receipts()[0].ID, userKey, "phone")) // calls back one replica
	for _, r := range []*testApp{a, b} {
		_, page := r.do(t, "GET", "/", nil)
		require.Contains(t, page, "acknowledged by oncall on phone", "both status pages")
		require.Contains(t, page, "0 ringing")
	}
	// Both list the same recent deliveries: the sends of one, the
	// deduplications (or holds) of the other.
	require.Eventually(t, func() bool {
		da, db := recentSection(t, a), recentSection(t, b)
		return da == db && strings.Count(da, "<tr><td>") >= 4
	}, 5*time.Second, 10*time.Millisecond)
	require.Contains(t, recentSection(t, a), "<td>sent</td>")
}

// recentSection is the recent deliveries table of r's status page.
func recentSection(t *testing.T, r *testApp) string {
	_, page := r.do(t, "GET", "/", nil)
	_, after, _ := strings.Cut(page, "<h2>Recent deliveries</h2>")
	return after
}

// TestReplicasShareCancellation: a resolve handled by one replica cancels
// the emergency, whichever replica sent it, once; the other replica's
// resolve (Alertmanager's HA peer) neither cancels nor sends again.
func TestReplicasShareCancellation(t *testing.T) {
	a, b, fake, _ := replicas(t)
	receipt := fake.Receipts()[0]
	code, body := b.post(t, "04-all-resolved.json")
	require.Equal(t, 200, code, body)
	code, body = a.post(t, "04-all-resolved.json")
	require.Equal(t, 200, code, body)
	var cancels []string
	for _, req := range fake.Requests() {
		if req.Endpoint == "cancel" || req.Endpoint == "cancel_by_tag" {
			cancels = append(cancels, req.Path)
		}
	}
	require.Len(t, cancels, 1, "the resolve cancels once, whichever replica handles it")
	require.True(t, strings.HasSuffix(cancels[0], "/receipts/"+receipt.ID+"/cancel.json") ||
		strings.HasSuffix(cancels[0], "/"+receipt.Tags[0]+".json"), cancels[0])
	require.Equal(t, 4, len(fake.Messages()), "and the two resolved messages go out once each")
	require.Zero(t, fake.Stats().DuplicateMessages)
	for _, r := range []*testApp{a, b} {
		_, page := r.do(t, "GET", "/", nil)
		require.Contains(t, page, "0 ringing", "both status pages")
	}
}

// TestRedisLedgerAway: with the Redis server stopped, pages still go out,
// readiness and the metric say the ledger is degraded, and nothing shows
// the password; when the server is back, the same process is healthy
// again.
func TestRedisLedgerAway(t *testing.T) {
	const password = "away-test-pw"
	redis := redistest.Start(t, redistest.Options{Password: password})
	urlFile := writeFile(t, "redis-url", redis.URL(password, 0))
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a := startReplica(t, fake, urlFile)
	redis.Stop()

	code, body := a.post(t, "05-warning-first.json")
	require.Equal(t, 200, code, body)
	require.Equal(t, 1, len(fake.Messages()), "the page went out without the ledger")
	code, ready := a.do(t, "GET", "/-/ready", nil)
	require.Equal(t, 200, code)
	require.Contains(t, ready, "Ledger degraded")
	require.NotContains(t, ready, password)
	_, page := a.do(t, "GET", "/", nil)
	require.NotContains(t, page, password)
	require.Zero(t, testutil.ToFloat64(a.metrics.ledger.Up))

	redis.Restart()
	require.Eventually(t, func() bool {
		code, _ := a.post(t, "05-warning-first.json") // the same webhook again: a retry
		_, ready := a.do(t, "GET", "/-/ready", nil)
		return code == 200 && !strings.Contains(ready, "degraded")
	}, 10*time.Second, 50*time.Millisecond)
	require.Equal(t, 1.0, testutil.ToFloat64(a.metrics.ledger.Up))
}

// TestPollerLeaseMovesOnStop: the receipt poller runs under a lease in the
// shared ledger; a replica that stops releases it, so another takes it at
// once rather than after its TTL.
func TestPollerLeaseMovesOnStop(t *testing.T) {
	const password = "lease-test-pw"
	redis := redistest.Start(t, redistest.Options{Password: password})
	urlFile := writeFile(t, "redis-url", redis.URL(password, 0))
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a, b := startReplica(t, fake, urlFile), startReplica(t, fake, urlFile)
	other := func() bool { // takes the lease for a millisecond when free
		ok, err := b.ledger.Lease(t.Context(), "receipt-poller", "another-replica", time.Millisecond)
		require.NoError(t, err)
		return ok
	}
	ctx, stop := context.WithCancel(t.Context())
	done := make(chan struct{})
	go func() { defer close(done); a.tracker.RunPoller(ctx) }()
	require.Eventually(t, func() bool { return !other() }, 10*time.Second, 20*time.Millisecond, "a polls under the lease")
	stop()
	<-done
	require.True(t, other(), "released on stop")
}

// TestReplicasEscalateOnce: two replicas on one Redis, both running their
// escalation engine, both handed the same webhook: level 2 pages once,
// from whichever replica holds the lease, and both status pages show it.
func TestReplicasEscalateOnce(t *testing.T) {
	const password = "escalate-test-pw"
	redis := redistest.Start(t, redistest.Options{Password: password})
	urlFile := writeFile(t, "redis-url", redis.URL(password, 0))
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	escalating := func(content string) string {
		return strings.Replace(content, "continue: true}", "continue: true, escalate: [{after: 1s, to: [team]}]}", 1)
	}
	a, b := startReplicaWith(t, fake, urlFile, escalating), startReplicaWith(t, fake, urlFile, escalating)
	ctx, stop := context.WithCancel(t.Context())
	bga, bgb := a.startBackground(ctx), b.startBackground(ctx)
	t.Cleanup(func() { stop(); bga.Wait(); bgb.Wait() })
	var wg sync.WaitGroup
	for _, r := range []*testApp{a, b} {
		wg.Go(func() {
			require.Eventually(t, func() bool { code, _ := r.post(t, "01-firing-first.json"); return code == 200 },
				10*time.Second, 50*time.Millisecond)
		})
	}
	wg.Wait()
	escalations := func() int {
		n := 0
		for _, m := range fake.Messages() {
			if strings.HasPrefix(m.Title, "Escalation (level 2): oncall did not answer") {
				n++
			}
		}
		return n
	}
	// The replica without the lease may have started the escalation: the
	// one with it reads the store at least every escalation.DefaultPoll.
	require.Eventually(t, func() bool { return escalations() == 1 }, 30*time.Second, 20*time.Millisecond)
	require.Never(t, func() bool { return escalations() > 1 }, 2*time.Second, 50*time.Millisecond,
		"the other replica does not page level 2 again")
	require.Zero(t, fake.Stats().DuplicateMessages)
	for _, r := range []*testApp{a, b} {
		_, page := r.do(t, "GET", "/", nil)
		require.Contains(t, page, "<td>page-oncall</td><td>team</td>", "both status pages list level 2's page")
	}
}
