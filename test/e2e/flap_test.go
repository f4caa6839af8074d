package e2e

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// An alert fires, resolves and fires again inside one Alertmanager flush
// (issue 10, item 5): Alertmanager notifies nothing new (the same firing
// fingerprint), then sends the repeat reminder with the new startsAt while
// the first emergency still rings. No second siren: "still ringing" is
// decided per alert and outstanding receipt, not by startsAt.
func TestFlapDoesNotRingTwice(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute, repeatInterval: "6s"})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	page := s.fireEmergency(a)

	s.post(resolved(a)...)
	again := a
	again.StartsAt = time.Now() // a new firing episode, after the end of the first
	s.post(again)               // within the same group interval (2 s)
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "still_ringing") >= 1
	}, "the repeat reminder, answered still_ringing")
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "no second siren")
	require.False(t, s.receiptOf(page).Canceled, "the first emergency rings on")

	s.post(resolved(again)...)
	s.eventually(func() bool { return len(s.cancelsOf(page)) >= 1 }, "the page cancelled on resolve")
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "paged exactly once")
}
