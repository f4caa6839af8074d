package receiver

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
)

// TestRetryWhileFirstDeliveryInFlight: the first request answers 503 at
// its deadline while its send is still waiting for Pushover; Alertmanager's
// retry arrives meanwhile. The retry waits for the first send instead of
// sending the page again, and finds it in the ledger.
func TestRetryWhileFirstDeliveryInFlight(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) { rt.Config.Timeout = model.Duration(2 * time.Second) })
	f.sender.release = make(chan struct{})
	f.sender.started = make(chan struct{}, 4)
	body := readPayload(t, "05-warning-first.json")

	code, a := f.post(t, body)
	require.Equal(t, http.StatusServiceUnavailable, code, "%+v", a)
	requireStartedBeforeDeadline(t, f.sender.started)

	type answer struct {
		code int
		a    Answer
	}
	retry := make(chan answer)
	go func() {
		code, a := f.post(t, body)
		retry <- answer{code, a}
	}()
	<-f.claimWaits // the retry is now waiting for the first send
	close(f.sender.release)
	r := <-retry
	require.Equal(t, http.StatusOK, r.code, "%+v", r.a)
	require.Equal(t, []string{"warn/team=deduplicated"}, outcomes(r.a))
	require.Len(t, f.sender.Sent(), 1)
	require.Empty(t, f.sender.started, "the retry never called Send")
}

// TestRetryGivesUpWhileFirstDeliveryHangs: when the first send is still
// in flight at the retry's own deadline, the retry answers 503 without
// sending.
func TestRetryGivesUpWhileFirstDeliveryHangs(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) { rt.Config.Timeout = model.Duration(2 * time.Second) })
	f.sender.release = make(chan struct{})
	f.sender.started = make(chan struct{}, 4)
	defer close(f.sender.release)
	body := readPayload(t, "05-warning-first.json")
	code, _ := f.post(t, body)
	require.Equal(t, http.StatusServiceUnavailable, code)
	requireStartedBeforeDeadline(t, f.sender.started)
	code, a := f.post(t, body)
	require.Equal(t, http.StatusServiceUnavailable, code, "%+v", a)
	require.Empty(t, f.sender.started, "the retry never called Send")
}

// TestUnansweredSendIsNotRepeated (issue 10, item 4): Pushover does not
// answer within pushover.timeout, so the bridge cannot know whether it
// accepted the message (Pushover goes on when the client gives up).
// Alertmanager's retries meanwhile answer 503 without sending the message
// again; once receiver.dedup_window has passed, it is sent again.
func TestUnansweredSendIsNotRepeated(t *testing.T) {
	f := newFixture(t, testRouting)
	unanswered := &pushover.TemporaryError{Endpoint: "messages", Err: context.DeadlineExceeded, Unanswered: true}
	first := true
	f.sender.sendErr = func(envelope) error {
		if first {
			first = false
			return unanswered
		}
		return nil
	}
	body := readPayload(t, "05-warning-first.json")
	code, a := f.post(t, body)
	require.Equal(t, http.StatusServiceUnavailable, code, "%+v", a)
	require.Equal(t, []string{"warn/team=failed_retryable"}, outcomes(a))
	require.Len(t, f.sender.Calls(), 1)

	for range 3 { // Alertmanager's retries
		f.clock.Add(30 * time.Second)
		code, a = f.post(t, body)
		require.Equal(t, http.StatusServiceUnavailable, code, "%+v", a)
		require.Equal(t, pipeline.ErrHeldElsewhere.Error(), a.Deliveries[0].Error)
		require.Len(t, f.sender.Calls(), 1, "not sent again while Pushover may have accepted it")
	}

	f.clock.Add(DefaultDedupWindow)
	code, a = f.post(t, body)
	require.Equal(t, http.StatusOK, code, "%+v", a)
	require.Equal(t, []string{"warn/team=sent"}, outcomes(a), "after the hold, sent again")
}

// requireStartedBeforeDeadline checks, without waiting, that the first
// send had started when its request answered 503 at the deadline. (The
// deadlines above leave the plan, slow under -race on a busy machine,
// ample time; a missed one fails here instead of waiting forever.)
func requireStartedBeforeDeadline(t *testing.T, started <-chan struct{}) {
	t.Helper()
	select {
	case <-started:
	default:
		t.Fatal("the deadline came before the first send started")
	}
}
