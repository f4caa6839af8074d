package e2e

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// While an emergency rings, Alertmanager's repeat does not page again;
// once the on-call user acknowledged it on the phone (Pushover calls the
// bridge back), the next repeat pages again.
func TestAcknowledgedEmergencyPagesAgainOnRepeat(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{
		routes:         pageRoute,
		repeatInterval: "5s",
		// A repeat 5 s later is a reminder, not a retry.
		receiver: "  dedup_window: 1s",
		extra: `emergency:
  callback_url: http://BRIDGE
  poll_interval: 5s
`,
	})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)
	require.NotEmpty(t, page.Params["callback"], "the emergency asks Pushover to call the bridge back")

	// Without an acknowledgement, the repeat finds the page still ringing.
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "still_ringing") >= 1
	}, "Alertmanager's repeat, answered without a new page")
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "no new page while the first one rings")

	require.NoError(t, s.fake.Ack(page.Receipt, pushovertest.DemoUser, "phone"))
	require.True(t, s.receiptOf(page).CalledBack, "the bridge took the callback")
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_emergencies_acknowledged_total") >= 1
	}, "the acknowledgement recorded")

	s.eventually(func() bool { return countPriority(s.fake.Messages(), 2) >= 2 }, "the next repeat pages again")
	msgs := s.fake.Messages()
	require.Len(t, msgs, 2)
	require.Contains(t, msgs[1].Message, "Acknowledged", "the new page says the last one was acknowledged")
	require.Equal(t, page.Params["tags"], msgs[1].Params["tags"], "the same tag, so resolving cancels both")
	require.Zero(t, s.fake.DuplicateMessages())

	s.post(resolved(a)...)
	s.eventually(func() bool { return countPriority(s.fake.Messages(), -1) >= 1 }, "the resolved message")
	require.Len(t, s.cancelsOf(page.Params["tags"]), 1)
	require.True(t, s.receiptOf(msgs[1]).Canceled, "the second page stops ringing on resolve")
}
