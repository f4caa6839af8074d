package e2e

import (
	"bytes"
	"io"
	"net/http"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// failGroup fronts the fake Pushover: while on, it answers messages.json
// for the demo group with an HTML 503, as Pushover's load balancer would.
type failGroup struct {
	on     atomic.Bool
	failed atomic.Int32
}

func (f *failGroup) wrap(fake http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if f.on.Load() && r.Method == http.MethodPost && r.URL.Path == "/1/messages.json" {
			body, err := io.ReadAll(r.Body)
			if err != nil {
				http.Error(w, err.Error(), http.StatusBadRequest)
				return
			}
			r.Body = io.NopCloser(bytes.NewReader(body))
			if bytes.Contains(body, []byte("user="+pushovertest.DemoGroup)) {
				f.failed.Add(1)
				w.Header().Set("Content-Type", "text/html")
				w.WriteHeader(http.StatusServiceUnavailable)
				_, _ = io.WriteString(w, "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>")
				return
			}
		}
		fake.ServeHTTP(w, r)
	})
}

// The ledger on --storage.path outlives the process: the user was paged,
// the group's send kept failing, the bridge was SIGKILLed and restarted on
// the same storage, and Alertmanager's retry delivers to the group without
// paging the user a second time.
func TestLedgerSurvivesRestart(t *testing.T) {
	t.Parallel()
	fg := &failGroup{}
	fg.on.Store(true)
	s := newStack(t, stackOptions{front: fg.wrap, receiver: "  max_concurrency: 1", routes: `routes:
  - name: page-all
    matchers: ['severity="critical"']
    to: [oncall, team]
    priority: emergency
    retry: 1m
    expire: 1h
`})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)

	// The user is paged; the group's send fails, and Alertmanager retried
	// at least once (the user's page then counts as already accepted).
	s.eventually(func() bool {
		return len(s.messagesTo(pushovertest.DemoUser)) >= 1 && fg.failed.Load() >= 1 &&
			s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503") >= 2
	}, "the user paged, the group failing, Alertmanager retrying")
	require.Empty(t, s.messagesTo(pushovertest.DemoGroup))

	s.bridge.kill()
	s.restartBridge("")
	fg.on.Store(false)

	s.eventually(func() bool { return len(s.messagesTo(pushovertest.DemoGroup)) >= 1 }, "the group's page after the restart")

	// Resolving proves Alertmanager moved past the firing notification.
	s.post(resolved(a)...)
	s.eventually(func() bool { return countPriority(s.fake.Messages(), -1) >= 2 }, "both resolved messages")
	for _, user := range []string{pushovertest.DemoUser, pushovertest.DemoGroup} {
		msgs := s.messagesTo(user)
		require.Len(t, msgs, 2, "%s: one page, one resolved message", keyName(user))
		require.Equal(t, 2, msgs[0].Priority)
		require.Equal(t, -1, msgs[1].Priority)
	}
	require.Zero(t, s.fake.DuplicateMessages())
}
