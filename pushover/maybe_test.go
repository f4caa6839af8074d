package pushover_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestMaybeAccepted: a request that got no answer may have been accepted
// (Pushover goes on when the client gives up); one that got an error
// answer, or never reached Pushover, was not.
func TestMaybeAccepted(t *testing.T) {
	srv := pushovertest.New(t, pushovertest.WithDemoAccount())
	c, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(srv.URL),
		pushover.WithAttemptTimeout(100*time.Millisecond),
		pushover.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	m := hello()

	srv.Inject(pushovertest.Fault{Kind: pushovertest.FaultLate, Endpoint: "messages", Delay: 300 * time.Millisecond})
	_, err = c.Send(context.Background(), m)
	require.True(t, pushover.IsRetryable(err), "%v", err)
	require.True(t, pushover.MaybeAccepted(err), "no answer: %v", err)
	require.Eventually(t, func() bool { return len(srv.Messages()) == 1 }, 10*time.Second, 10*time.Millisecond,
		"the fake accepts the message the client gave up on, as Pushover does")

	srv.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages"})
	_, err = c.Send(context.Background(), m)
	require.True(t, pushover.IsRetryable(err))
	require.False(t, pushover.MaybeAccepted(err), "Pushover answered 503: %v", err)

	closed := pushovertest.NewServer(pushovertest.WithDemoAccount())
	closed.Close()
	c2, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(closed.URL))
	require.NoError(t, err)
	_, err = c2.Send(context.Background(), m)
	require.True(t, pushover.IsRetryable(err))
	require.False(t, pushover.MaybeAccepted(err), "never connected: %v", err)
}
