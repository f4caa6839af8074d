package receiver

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

const roomBot = "roomBot0123456789abcdef"

// fallbackRouting pages oncall about critical alerts and falls back to a
// GroupMe room; warnings go to the room directly.
const fallbackRouting = `
recipients:
  oncall: {user_key: ` + oncallKey + `}
  room: {groupme: {bot_id: ` + roomBot + `}}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall]
    priority: high
    fallback: [room]
    fallback_after: 2m
  - name: chat
    matchers: ['severity="warning"']
    to: [room]
`

// fakeNotifier records the pages it accepts and fails as told.
type fakeNotifier struct {
	mu    sync.Mutex
	pages []pipeline.Page
	fail  error // returned while set
}

func (f *fakeNotifier) Notify(_ context.Context, p pipeline.Page) (pipeline.Delivered, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.fail != nil {
		return pipeline.Delivered{}, f.fail
	}
	f.pages = append(f.pages, p)
	return pipeline.Delivered{ID: "post"}, nil
}

func (f *fakeNotifier) setFail(err error) { f.mu.Lock(); f.fail = err; f.mu.Unlock() }

func (f *fakeNotifier) Pages() []pipeline.Page {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]pipeline.Page(nil), f.pages...)
}

func newFallbackFixture(t *testing.T, pushoverErr error) (*fixture, *fakeNotifier) {
	t.Helper()
	room := &fakeNotifier{}
	f := newFixture(t, fallbackRouting, func(rt *Runtime) {
		setNotifier(rt, routing.KindGroupMe, room)
		rt.Pipeline.Secrets = append(rt.Pipeline.Secrets, roomBot)
	})
	f.sender.sendErr = func(envelope) error { return pushoverErr }
	return f, room
}

var errRoomDown = &pipeline.DestinationError{Destination: "GroupMe", Class: pipeline.Retryable, Err: errors.New("groupme: bots_post: temporary failure (HTTP 503)")}

func TestFallbackWhenPushoverCannotDeliver(t *testing.T) {
	now := time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)
	for _, tc := range []struct {
		name   string
		err    error
		reason string
	}{
		{"quota exhausted for days", &pushover.QuotaError{Reset: now.Add(72 * time.Hour)}, pipeline.ReasonQuota},
		{"quota resetting soon", &pushover.QuotaError{Reset: now.Add(10 * time.Minute)}, pipeline.ReasonQuota},
		{"refused for good", &pushover.APIError{StatusCode: 400, Fields: map[string]string{"user": "invalid"}}, pipeline.ReasonRefused},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, room := newFallbackFixture(t, tc.err)
			body := readPayload(t, "01-firing-first.json")
			code, a := f.post(t, body)
			require.Equal(t, http.StatusOK, code, "the fallback delivered the page")
			require.Equal(t, []string{"page/oncall=fallback_sent"}, outcomes(a))
			require.Len(t, a.Deliveries[0].Fallback, 1)
			fb := a.Deliveries[0].Fallback[0]
			require.Equal(t, "room", fb.Recipient)
			require.Equal(t, pipeline.OutcomeSent, fb.Outcome)
			require.NotEmpty(t, a.Deliveries[0].Error, "the answer says why Pushover did not deliver")
			pages := room.Pages()
			require.Len(t, pages, 1)
			require.Equal(t, roomBot, pages[0].Recipient.BotID)
			require.Equal(t, "room", pages[0].Data.Recipient)
			require.Len(t, pages[0].Data.Alerts, 2)

			// Alertmanager's retry (or a second replica) never posts twice.
			code, a = f.post(t, body)
			require.Equal(t, http.StatusOK, code)
			require.Equal(t, pipeline.OutcomeDeduplicated, a.Deliveries[0].Fallback[0].Outcome)
			require.Len(t, room.Pages(), 1)
			require.Equal(t, 2.0, testutil.ToFloat64(f.pm.Fallbacks.WithLabelValues("page", tc.reason)))
			require.Equal(t, 2.0, testutil.ToFloat64(f.pm.Deliveries.WithLabelValues("page", string(pipeline.OutcomeFallbackSent))))
			require.Contains(t, f.logs.String(), "sending to the route's fallback")
			require.NotContains(t, f.logs.String(), roomBot)
			f.wait(t)
		})
	}
}

// A refusal is not repeated on the retry; the fallback still answers for it.
func TestFallbackAfterRefusalDoesNotRepeatTheRequest(t *testing.T) {
	f, room := newFallbackFixture(t, &pushover.APIError{StatusCode: 400, Fields: map[string]string{"user": "invalid"}})
	body := readPayload(t, "01-firing-first.json")
	f.post(t, body)
	f.post(t, body)
	require.Equal(t, []string{"send oncall"}, f.sender.Calls(), "Pushover was asked once")
	require.Len(t, room.Pages(), 1)
	f.wait(t)
}

// When the room fails too the answer is 503 and nothing is lost: the
// retry delivers the page to the room, once.
func TestFallbackFailingTooAnswers503(t *testing.T) {
	f, room := newFallbackFixture(t, &pushover.QuotaError{})
	room.setFail(errRoomDown)
	body := readPayload(t, "01-firing-first.json")
	code, a := f.post(t, body)
	require.Equal(t, http.StatusServiceUnavailable, code)
	require.Equal(t, []string{"page/oncall=failed_retryable"}, outcomes(a))
	require.Equal(t, pipeline.OutcomeFailedRetryable, a.Deliveries[0].Fallback[0].Outcome)
	require.Contains(t, a.Deliveries[0].Error, "the fallback failed too")

	room.setFail(nil)
	code, a = f.post(t, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"page/oncall=fallback_sent"}, outcomes(a))
	require.Len(t, room.Pages(), 1)
	f.wait(t)
}

// A permanently failing room leaves the primary's outcome as it was.
func TestFallbackRefusedTooKeepsThePrimaryOutcome(t *testing.T) {
	f, room := newFallbackFixture(t, &pushover.QuotaError{})
	room.setFail(&pipeline.DestinationError{Destination: "GroupMe", Class: pipeline.Permanent, Err: errors.New("groupme: bots_post: refused (HTTP 404)")})
	code, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Equal(t, []string{"page/oncall=failed_permanent"}, outcomes(a))
	require.Equal(t, pipeline.OutcomeFailedPermanent, a.Deliveries[0].Fallback[0].Outcome)
	f.wait(t)
}

// Pushover unreachable: the retries answer 503 until fallback_after has
// passed since the first failed attempt (recorded in the ledger), then
// the page goes to the room.
func TestFallbackAfterUnreachable(t *testing.T) {
	f, room := newFallbackFixture(t, &pushover.TemporaryError{Endpoint: "messages", StatusCode: 502, Err: errors.New("bad gateway")})
	body := readPayload(t, "01-firing-first.json")
	for _, step := range []time.Duration{0, time.Minute, 59 * time.Second} {
		f.clock.Add(step)
		code, a := f.post(t, body)
		require.Equal(t, http.StatusServiceUnavailable, code)
		require.Empty(t, a.Deliveries[0].Fallback)
	}
	require.Empty(t, room.Pages())
	f.clock.Add(time.Second) // 2m after the first failure
	code, a := f.post(t, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"page/oncall=fallback_sent"}, outcomes(a))
	require.Len(t, room.Pages(), 1)
	require.Equal(t, 1.0, testutil.ToFloat64(f.pm.Fallbacks.WithLabelValues("page", pipeline.ReasonUnreachable)))
	f.wait(t)
}

// A room as an ordinary destination: the page goes to its notifier, with
// what the route decided; nothing goes to Pushover, nothing is cancelled.
func TestRoomAsDestination(t *testing.T) {
	f, room := newFallbackFixture(t, nil)
	body := bytes.ReplaceAll(readPayload(t, "01-firing-first.json"), []byte(`"severity":"critical"`), []byte(`"severity":"warning"`))
	code, a := f.post(t, body)
	require.Equal(t, http.StatusOK, code)
	require.Equal(t, []string{"chat/room=sent"}, outcomes(a))
	pages := room.Pages()
	require.Len(t, pages, 1)
	require.False(t, pages[0].Emergency)
	require.False(t, pages[0].Resolved)
	require.Equal(t, "chat", pages[0].Route)
	require.Empty(t, f.sender.Calls(), "nothing went to Pushover")
	code, _ = f.post(t, body)
	require.Equal(t, http.StatusOK, code)
	require.Len(t, room.Pages(), 1, "the retry is deduplicated like any delivery")
	f.wait(t)
}

// A room that refused a post for good is not asked again on the retry,
// as for Pushover: 422, and the answer names the destination.
func TestRoomRefusalIsNotRepeated(t *testing.T) {
	f, room := newFallbackFixture(t, nil)
	room.setFail(&pipeline.DestinationError{Destination: "GroupMe", Class: pipeline.Permanent, Err: errors.New("groupme: bots_post: refused (HTTP 404)")})
	body := bytes.ReplaceAll(readPayload(t, "01-firing-first.json"), []byte(`"severity":"critical"`), []byte(`"severity":"warning"`))
	code, a := f.post(t, body)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Equal(t, []string{"chat/room=failed_permanent"}, outcomes(a))
	require.Contains(t, f.logs.String(), "GroupMe refused the message")
	room.setFail(nil)
	code, a = f.post(t, body)
	require.Equal(t, http.StatusUnprocessableEntity, code)
	require.Equal(t, "the groupme destination refused this message earlier (within receiver.dedup_window); the request is not repeated", a.Deliveries[0].Error)
	require.Empty(t, room.Pages(), "the refused post is not repeated")
	f.wait(t)
}
