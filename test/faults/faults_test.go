// Package faults holds end-to-end fault tests: the real bridge binary and
// the fake Pushover (pushovertest's fakepushover command) run as separate
// processes, both built with scripts/build.sh, while a sender that retries
// like Alertmanager posts webhooks. The tests count what the fake accepted
// per distinct page: nothing lost, nothing doubled.
package faults

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func pages(prefix string, n, critical int) []page {
	out := make([]page, 0, n)
	for i := range n {
		sev := "warning"
		if i < critical {
			sev = "critical"
		}
		out = append(out, page{id: fmt.Sprintf("%s%02d", prefix, i), status: "firing", sev: sev})
	}
	return out
}

// TestFlakyPushover: the fake answers a tenth of all requests with an HTML
// 503 and, besides, closes one connection without an answer, hangs one
// request past the client's timeout, answers one after the webhook's own
// deadline, and refuses two with 429. Every page is still delivered
// exactly once, after Alertmanager-style retries.
func TestFlakyPushover(t *testing.T) {
	t.Parallel()
	f := startFake(t)
	ctx := context.Background()
	require.NoError(t, f.ctl.SetFailureRate(ctx, pushovertest.Fault503, 0.1))
	for _, fault := range []pushovertest.Fault{
		{Kind: pushovertest.FaultClose, Endpoint: "messages"},
		{Kind: pushovertest.FaultHang, Endpoint: "messages"},
		{Kind: pushovertest.FaultSlow, Endpoint: "messages", Delay: 1500 * time.Millisecond},
		{Kind: pushovertest.Fault429, Endpoint: "messages", Count: 2},
	} {
		require.NoError(t, f.ctl.Inject(ctx, fault))
	}
	// The webhook answers after 1 s; a Pushover request may take 3 s. The
	// 429 carries next month's reset: retry it (a real deployment would
	// answer 422 and let it go; see TestQuotaExhausted). A closed
	// connection or a hung request leaves open that Pushover accepted the
	// message: it is held, not sent again, for the dedup window, here
	// shortened to 40 s (above the sender's retry backoff, so a retry is
	// never taken for a reminder) so that the test sees it delivered once
	// in the end.
	b := startBridge(t, bridgeConfig(f.url, "timeout: 1s\ndedup_window: 40s\nquota_retry_window: 2000h", "timeout: 3s"), "")
	ps := pages("flaky-", 30, 6)
	ctx, cancel := context.WithTimeout(ctx, 2*time.Minute)
	defer cancel()
	results := newSender(b).sendAll(ctx, ps)
	requireExactlyOnce(t, f, ps, results)

	retried := 0
	for _, r := range results {
		retried += r.Attempts - 1
	}
	st, err := f.ctl.Stats(ctx)
	require.NoError(t, err)
	t.Logf("%d pages, %d webhook retries, %d Pushover requests, %d messages", len(ps), retried, st.Requests, st.Messages)
	require.Positive(t, retried, "the faults made Alertmanager retry")
	require.Positive(t, b.metric(t, `alertmanager_pushover_webhook_requests_total{code="503"}`))
}

// TestQuotaExhausted: with the Pushover quota used up, the bridge says so
// loudly (an error log, the quota metrics) and answers per the status
// contract: 422 when the reset is further away than quota_retry_window
// (Alertmanager drops the webhook), 503 when it is nearer (Alertmanager
// retries). Once the quota is back, pages go through again.
func TestQuotaExhausted(t *testing.T) {
	t.Parallel()
	f := startFake(t, "--quota", "0")
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()

	t.Run("reset far away: 422", func(t *testing.T) {
		b := startBridge(t, bridgeConfig(f.url, "", ""), "")
		s := newSender(b)
		p := page{id: "quota-far", status: "firing", sev: "warning"}
		r := s.Send(ctx, p.body())
		require.Equal(t, 422, r.Code, "answers %v", r.Codes)
		require.Equal(t, 1, r.Attempts)
		b.requireLog(t, `level=error .*msg="Pushover message quota exhausted`)
		require.GreaterOrEqual(t, b.metric(t, "alertmanager_pushover_quota_exhausted_total"), 1.0)
		require.Zero(t, b.metric(t, "alertmanager_pushover_quota_remaining_messages"))

		require.NoError(t, f.ctl.SetQuota(ctx, 10000, 10000))
		defer func() { require.NoError(t, f.ctl.SetQuota(ctx, 0, 0)) }()
		// Alertmanager sends the group again on its next interval.
		r = s.Send(ctx, p.body())
		require.Equal(t, 200, r.Code, "answers %v", r.Codes)
		require.Equal(t, 1, delivered(t, f)["quota-far"])
		require.Equal(t, 9999.0, b.metric(t, "alertmanager_pushover_quota_remaining_messages"))
	})

	t.Run("reset near: 503 until it resets", func(t *testing.T) {
		b := startBridge(t, bridgeConfig(f.url, "quota_retry_window: 2000h", ""), "")
		s := newSender(b)
		ps := pages("quota-near-", 5, 1)
		done := make(chan map[string]result)
		go func() { done <- s.sendAll(ctx, ps) }()
		require.Eventually(t, func() bool {
			return b.metric(t, `alertmanager_pushover_webhook_requests_total{code="503"}`) >= 5
		}, 20*time.Second, 100*time.Millisecond)
		b.requireLog(t, `level=error .*msg="Pushover message quota exhausted`)
		require.NoError(t, f.ctl.SetQuota(ctx, 10000, 10000)) // the monthly reset
		results := <-done
		got := delivered(t, f)
		for _, p := range ps {
			require.Equal(t, 200, results[p.id].Code, "answers %v", results[p.id].Codes)
			require.Greater(t, results[p.id].Attempts, 1)
			require.Equal(t, 1, got[p.id], p.id)
		}
	})
}

// TestHostileClients: clients that stall before finishing their headers
// or trickle their body, and requests with a huge body, no auth or the
// wrong auth, each get a bounded answer or are cut off, while good
// webhooks keep being served.
func TestHostileClients(t *testing.T) {
	t.Parallel()
	f := startFake(t)
	b := startBridge(t, bridgeConfig(f.url, "max_body_bytes: 64KiB", ""), "")
	s := newSender(b)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	good := func(id string) {
		t.Helper()
		r := s.Send(ctx, page{id: id, status: "firing", sev: "warning"}.body())
		require.Equal(t, 200, r.Code, "answers %v", r.Codes)
	}

	addr := strings.TrimPrefix(b.url, "http://")
	stalled := stallHeaders(t, addr, 50)
	trickle := trickleBody(t, addr)
	good("hostile-during-slowloris")

	for _, tc := range []struct {
		name, auth string
		body       []byte
		code       int
	}{
		{"no auth", "", page{id: "x"}.body(), 401},
		{"wrong auth", "Bearer nope", page{id: "x"}.body(), 401},
		{"basic auth", "Basic " + bearer, page{id: "x"}.body(), 401},
		{"huge body", "Bearer " + bearer, make([]byte, 10<<20), 413},
		{"not JSON", "Bearer " + bearer, []byte("<html>"), 400},
	} {
		code := rawPost(t, b.url+"/alerts", tc.auth, tc.body)
		require.Equal(t, tc.code, code, tc.name)
	}
	good("hostile-after-bad-requests")

	// The server drops connections that never finish their headers
	// (ReadHeaderTimeout) or their body (ReadTimeout).
	requireClosedWithin(t, "stalled headers", stalled, 20*time.Second)
	requireClosedWithin(t, "trickled body", []chan error{trickle}, 60*time.Second)
	good("hostile-after-slowloris")
}

// TestLateDelivery: Pushover accepts a message only after the webhook's
// deadline passed and the bridge answered 503. Alertmanager's retry comes
// while that message is still in flight: it must not be sent twice.
func TestLateDelivery(t *testing.T) {
	t.Parallel()
	f := startFake(t)
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, f.ctl.Inject(ctx, pushovertest.Fault{Kind: pushovertest.FaultSlow, Endpoint: "messages", Delay: 3 * time.Second}))
	b := startBridge(t, bridgeConfig(f.url, "timeout: 2s", "timeout: 5s"), "")
	ps := []page{{id: "late-0", status: "firing", sev: "warning"}}
	results := newSender(b).sendAll(ctx, ps)
	require.Greater(t, results["late-0"].Attempts, 1, "answers %v", results["late-0"].Codes)
	requireExactlyOnce(t, f, ps, results)
}
