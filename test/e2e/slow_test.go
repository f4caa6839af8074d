package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// Pushover answers after 6.5 s and accepts a message even when the client
// gave up waiting (issue 10, item 4); the bridge answers Alertmanager 503
// at receiver.timeout (4 s) and Alertmanager retries. The user is paged
// once: with the default pushover.timeout the bridge waits for the answer
// (and the retry for the attempt in flight); with pushover.timeout 5 s,
// below Pushover's delay, the unanswered attempt may yet be accepted, so
// the retries answer 503 without sending it again.
func TestSlowPushoverPagesOnce(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name, timeout string
	}{
		{"default pushover.timeout", "default"},
		{"pushover.timeout below the delay", "5s"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, stackOptions{routes: pageRoute, receiver: "  timeout: 4s", pushoverTimeout: tc.timeout})
			// Every message is late; a second send would be accepted too.
			s.fake.Inject(pushovertest.Fault{Kind: pushovertest.FaultLate, Endpoint: "messages", Delay: 6500 * time.Millisecond, Count: 10})
			a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
			s.post(a)
			s.eventually(func() bool {
				return len(s.fake.Messages()) >= 1 &&
					s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503") >= 1
			}, "a 503 while Pushover was slow, and the page accepted")

			if tc.timeout == "default" {
				s.eventually(func() bool {
					return s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "200") >= 1
				}, "the retry answered 200: it waited for the attempt in flight, then found it in the ledger")
				require.Len(t, s.requests("messages"), 1, "sent once")
				require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged once")
				s.resolveEmergency(a, s.fake.Messages()[0])
				return
			}
			held := s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503")
			s.eventually(func() bool {
				return s.bridgeMetric("alertmanager_pushover_webhook_requests_total", "code", "503") >= held+2
			}, "Alertmanager's retries after the unanswered attempt, answered 503")
			require.True(t, s.bridgeLogged(`Pushover did not answer: it may have accepted the message`))
			require.Len(t, s.requests("messages"), 1, "the retries did not send it again")
			require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged once")
		})
	}
}
