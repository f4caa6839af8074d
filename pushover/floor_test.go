package pushover_test

import (
	"context"
	"errors"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestRetryFloor: after a retryable failure the next request of the client,
// whatever its endpoint, waits RetryFloor plus a little jitter.
func TestRetryFloor(t *testing.T) {
	s := newFake(t)
	clock := newFakeClock()
	c := newClient(t, s, clockOptions(clock)...)
	ctx := context.Background()

	_, err := c.Send(ctx, hello())
	require.NoError(t, err)
	require.Empty(t, clock.Slept(), "no pause after success")

	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault503})
	_, err = c.Send(ctx, hello())
	require.True(t, pushover.IsRetryable(err))
	require.Len(t, s.Requests(), 2)

	_, err = c.Limits(ctx)
	require.NoError(t, err)
	slept := clock.Slept()
	require.Len(t, slept, 1)
	require.GreaterOrEqual(t, slept[0], pushover.RetryFloor)
	require.Less(t, slept[0], pushover.RetryFloor+time.Second)

	_, err = c.Send(ctx, hello())
	require.NoError(t, err)
	require.Len(t, clock.Slept(), 1, "the pause is over")
}

func TestRetryFloorAfterTransportError(t *testing.T) {
	s := newFake(t)
	clock := newFakeClock()
	c := newClient(t, s, clockOptions(clock)...)
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultClose})
	_, err := c.Sounds(context.Background())
	require.True(t, pushover.IsRetryable(err))
	_, err = c.Sounds(context.Background())
	require.NoError(t, err)
	require.Len(t, clock.Slept(), 1)
	require.GreaterOrEqual(t, clock.Slept()[0], pushover.RetryFloor)
}

// TestRetryFloorFailsFast: a deadline before the end of the pause fails at
// once, without touching the API.
func TestRetryFloorFailsFast(t *testing.T) {
	s := newFake(t)
	clock := newFakeClock()
	c := newClient(t, s, clockOptions(clock)...)
	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault500})
	_, err := c.Send(context.Background(), hello())
	require.True(t, pushover.IsRetryable(err))

	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err = c.Send(ctx, hello())
	var te *pushover.TemporaryError
	require.ErrorAs(t, err, &te)
	require.ErrorIs(t, err, pushover.ErrCoolingDown)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.Equal(t, 0, te.StatusCode)
	require.Len(t, s.Requests(), 1, "the API was not contacted")
	require.Empty(t, clock.Slept())

	canceled, cancel2 := context.WithCancel(context.Background())
	cancel2()
	_, err = c.Send(canceled, hello())
	require.ErrorIs(t, err, pushover.ErrCoolingDown)
	require.ErrorIs(t, err, context.Canceled)
	require.Len(t, s.Requests(), 1)
}

func TestMaxAttempts(t *testing.T) {
	tests := []struct {
		name     string
		faults   []pushovertest.Fault
		user     string
		wantErr  func(error) bool
		requests int
	}{
		{"retries temporary failures", []pushovertest.Fault{{Kind: pushovertest.Fault502, Count: 2}}, user, nil, 3},
		{"gives up after max attempts", []pushovertest.Fault{{Kind: pushovertest.Fault503, Count: 5}}, user, pushover.IsRetryable, 3},
		{"never retries 429", []pushovertest.Fault{{Kind: pushovertest.Fault429}}, user, isQuota, 1},
		{"never retries a permanent error", nil, "uUnknownXXXXXXXXXXXXXXXXXXXXXX", isAPI, 1},
		{"never retries status 0", []pushovertest.Fault{{Kind: pushovertest.FaultStatus0}}, user, isAPI, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := newFake(t)
			clock := newFakeClock()
			c := newClient(t, s, append(clockOptions(clock), pushover.WithMaxAttempts(3))...)
			for _, f := range tt.faults {
				s.Inject(f)
			}
			m := hello()
			m.Users = []string{tt.user}
			_, err := c.Send(context.Background(), m)
			if tt.wantErr == nil {
				require.NoError(t, err)
			} else {
				require.True(t, tt.wantErr(err), "%v", err)
			}
			require.Len(t, s.Requests(), tt.requests)
			require.Len(t, clock.Slept(), tt.requests-1)
			for _, d := range clock.Slept() {
				require.GreaterOrEqual(t, d, pushover.RetryFloor)
			}
		})
	}
}

// TestMaxAttemptsStopsAtDeadline returns the last real failure, not the pause.
func TestMaxAttemptsStopsAtDeadline(t *testing.T) {
	s := newFake(t)
	clock := newFakeClock()
	c := newClient(t, s, append(clockOptions(clock), pushover.WithMaxAttempts(3))...)
	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault503})
	ctx, cancel := context.WithTimeout(context.Background(), time.Second)
	defer cancel()
	_, err := c.Send(ctx, hello())
	var te *pushover.TemporaryError
	require.ErrorAs(t, err, &te)
	require.Equal(t, 503, te.StatusCode)
	require.Len(t, s.Requests(), 1)
}

func isQuota(err error) bool {
	var qe *pushover.QuotaError
	return errors.As(err, &qe)
}

func isAPI(err error) bool {
	var ae *pushover.APIError
	return errors.As(err, &ae)
}

// TestConcurrencyLimit fires 50 sends at once: the fake must never see more
// than two requests or connections, and connections must be reused.
func TestConcurrencyLimit(t *testing.T) {
	s := newFake(t, pushovertest.WithLatency(5*time.Millisecond))
	c := newClient(t, s)
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for i := range 50 {
		wg.Go(func() {
			m := hello()
			m.Message = "message " + time.Duration(i).String()
			_, err := c.Send(context.Background(), m)
			errs <- err
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	st := s.Stats()
	require.Equal(t, 50, st.Messages)
	require.LessOrEqual(t, st.PeakConcurrentRequests, pushover.MaxConcurrent)
	require.LessOrEqual(t, st.PeakConnections, pushover.MaxConcurrent)
	require.LessOrEqual(t, st.ConnectionsOpened, pushover.MaxConcurrent, "keep-alive reuse")
	require.Equal(t, 0, st.DuplicateMessages)
}

// TestConcurrencyLimitWithInjectedClient: the limiter holds even with an
// HTTP client whose transport allows more connections, and copies share it.
func TestConcurrencyLimitWithInjectedClient(t *testing.T) {
	s := newFake(t, pushovertest.WithLatency(5*time.Millisecond))
	s.AddApp("aSecondAppXXXXXXXXXXXXXXXXXXXX", "Second")
	a := newClient(t, s, pushover.WithHTTPClient(pushovertestHTTPClient()))
	b, err := a.WithToken("aSecondAppXXXXXXXXXXXXXXXXXXXX")
	require.NoError(t, err)
	var wg sync.WaitGroup
	for i := range 20 {
		c := a
		if i%2 == 1 {
			c = b
		}
		wg.Go(func() {
			_, err := c.Sounds(context.Background())
			require.NoError(t, err)
		})
	}
	wg.Wait()
	require.LessOrEqual(t, s.PeakConcurrentRequests(), pushover.MaxConcurrent)
	require.Len(t, s.Requests(), 20)
}
