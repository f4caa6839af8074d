package receiver

import (
	"bytes"
	"net/http"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"
)

// TestMaxInflightRequests: with receiver.max_inflight_requests webhooks
// waiting for Pushover, one more answers 503 at once, without being read
// or sent; once those are done, the same webhook goes through.
func TestMaxInflightRequests(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) { rt.Config.MaxInflightRequests = 2 })
	f.sender.release = make(chan struct{})
	f.sender.started = make(chan struct{}, 4)
	body := readPayload(t, "05-warning-first.json")
	// Distinct groups, so that each is its own page.
	group := func(i int) []byte {
		return bytes.Replace(body, []byte(`"groupKey":"{}:{`), []byte(`"groupKey":"{}:{busy=\"`+string(rune('a'+i))+`\", `), 1)
	}
	require.NotEqual(t, body, group(0), "the payload's group key was changed")

	var wg sync.WaitGroup
	codes := make([]int, 2)
	for i := range 2 {
		wg.Go(func() { codes[i], _ = f.post(t, group(i)) })
	}
	<-f.sender.started
	<-f.sender.started // both webhooks now wait for Pushover

	code, a := f.post(t, group(2))
	require.Equal(t, http.StatusServiceUnavailable, code, "%+v", a)
	require.Equal(t, Answer{Status: "error", Error: ErrBusy.Error()}, a)
	require.Empty(t, f.sender.started, "the rejected webhook was not sent")
	require.Equal(t, 1.0, testutil.ToFloat64(f.m.WebhooksBusy))
	require.Equal(t, 2.0, testutil.ToFloat64(f.m.WebhooksActive))

	close(f.sender.release)
	wg.Wait()
	require.Equal(t, []int{http.StatusOK, http.StatusOK}, codes)
	require.Equal(t, 0.0, testutil.ToFloat64(f.m.WebhooksActive))

	code, a = f.post(t, group(2)) // Alertmanager's retry
	require.Equal(t, http.StatusOK, code, "%+v", a)
	require.Equal(t, []string{"warn/team=sent"}, outcomes(a))
	require.Len(t, f.sender.Sent(), 3)
	require.Equal(t, 1.0, testutil.ToFloat64(f.m.WebhooksBusy))
}

// TestMaxInflightRequestsValidated: the cap must be at least 1.
func TestMaxInflightRequestsValidated(t *testing.T) {
	c := DefaultConfig()
	require.Equal(t, DefaultMaxInflightRequests, c.MaxInflightRequests)
	c.MaxInflightRequests = 0
	require.ErrorContains(t, c.Validate(), "max_inflight_requests")
}

// TestEmergencyReserve (issue 17, emergencies first): with every slot of
// receiver.max_inflight_requests held by webhooks waiting for Pushover, a
// webhook that may page is still handled on the emergency reserve, while
// one that cannot page answers 503 as before, and so does a page beyond
// the reserve.
func TestEmergencyReserve(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) {
		rt.Config.MaxInflightRequests = 2
		rt.Config.EmergencyReserve = 1
	})
	f.sender.release = make(chan struct{})
	f.sender.started = make(chan struct{}, 8)
	regroup := func(body []byte, i int) []byte {
		return bytes.Replace(body, []byte(`"groupKey":"{}:{`), []byte(`"groupKey":"{}:{busy=\"`+string(rune('a'+i))+`\", `), 1)
	}
	warning, critical := readPayload(t, "05-warning-first.json"), readPayload(t, "01-firing-first.json")

	var wg sync.WaitGroup
	for i := range 2 {
		wg.Go(func() { f.post(t, regroup(warning, i)) })
	}
	<-f.sender.started
	<-f.sender.started // both slots wait for Pushover

	code, a := f.post(t, regroup(warning, 2))
	require.Equal(t, http.StatusServiceUnavailable, code, "a warning cannot page: %+v", a)

	pageDone := make(chan int, 1)
	wg.Go(func() { c, _ := f.post(t, regroup(critical, 3)); pageDone <- c })
	select { // the page reaches the sender although every slot is taken
	case <-f.sender.started:
	case c := <-pageDone:
		t.Fatalf("the page was answered %d without reaching the sender", c)
	}
	require.Equal(t, 1.0, testutil.ToFloat64(f.m.WebhooksReserved))

	code, a = f.post(t, regroup(critical, 4))
	require.Equal(t, http.StatusServiceUnavailable, code, "beyond the reserve: %+v", a)

	close(f.sender.release)
	wg.Wait()
	require.Equal(t, http.StatusOK, <-pageDone)
	require.Equal(t, 2.0, testutil.ToFloat64(f.m.WebhooksBusy))
	require.Equal(t, 0.0, testutil.ToFloat64(f.m.WebhooksActive))
}
