package receiver

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// testCallbackSecret is the callback secret of emergency fixtures.
const testCallbackSecret = "0123456789abcdef0123456789abcdef"

// cancelRecorder is the Pushover notifier that also records what each
// cancel answered (by tag or receipt).
type cancelRecorder struct {
	*pushovernotify.Notifier
	mu       sync.Mutex
	canceled map[string]int // tag or receipt: what Pushover answered
}

func (c *cancelRecorder) Cancel(ctx context.Context, x pipeline.Cancellation) (int, error) {
	n, err := c.Notifier.Cancel(ctx, x)
	if err == nil {
		c.mu.Lock()
		c.canceled[x.Tag+x.Receipt] += n
		c.mu.Unlock()
	}
	return n, err
}

func (c *cancelRecorder) Canceled() map[string]int {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := map[string]int{}
	for k, v := range c.canceled {
		out[k] = v
	}
	return out
}

// emergencyFixture is a handler with the real templates and client, the
// fake Pushover on the same fake clock, a ledger (on disk in dir, or in
// memory when dir is ""), and a server for Pushover's callbacks.
type emergencyFixture struct {
	*fixture
	srv    *pushovertest.Server
	sender *cancelRecorder
	rt     *Runtime
	dir    string
	lm     *ledger.Metrics // the ledger's
}

func newEmergencyFixture(t *testing.T, dir, routes string, tweak ...func(*Runtime)) *emergencyFixture {
	t.Helper()
	f := newFixture(t, routes)
	srv := pushovertest.New(t, pushovertest.WithDemoAccount(), pushovertest.WithClock(f.clock.Now()))
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(srv.URL),
		pushover.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	tmpl, err := templates.New(nil)
	require.NoError(t, err)
	ef := &emergencyFixture{fixture: f, srv: srv, dir: dir,
		sender: &cancelRecorder{Notifier: pushovernotify.New(client, nil), canceled: map[string]int{}}}
	rt := *f.h.Runtime()
	rt.Pipeline.Templates = tmpl
	setNotifier(&rt, routing.KindPushover, ef.sender)
	rt.Emergency = emergency.Runtime{Config: emergency.DefaultConfig(), Alertmanager: emergency.DefaultAlertmanagerConfig(),
		Poller: client, Recipients: map[string]string{oncallKey: "oncall", teamKey: "team"}}
	rt.CallbackSecret = testCallbackSecret
	for _, tw := range tweak {
		tw(&rt)
	}
	ef.rt = &rt
	ef.start(t)
	return ef
}

// start opens the ledger and builds a new handler: a (re)start of the bridge.
func (ef *emergencyFixture) start(t *testing.T) {
	t.Helper()
	ef.lm = ledger.NewMetrics(prometheus.NewRegistry())
	opts := ledger.Options{Now: ef.clock.Now, Observer: ef.lm}
	if ef.dir == "" {
		ef.ledger = ledger.NewMemory(opts)
	} else {
		l, err := ledger.Open(ef.dir, opts)
		require.NoError(t, err)
		ef.ledger = l
		t.Cleanup(func() { _ = l.Close() })
	}
	ef.build(ef.rt)
	f := ef.fixture
	p, tr := f.p, f.tracker
	t.Cleanup(func() { (&fixture{p: p, tracker: tr}).wait(t) })
}

// restart waits for the handler, closes the ledger and starts afresh on
// the same storage; with fresh, on a new empty one.
func (ef *emergencyFixture) restart(t *testing.T, fresh bool) {
	t.Helper()
	ef.wait(t)
	require.NoError(t, ef.ledger.Close())
	if fresh && ef.dir != "" {
		ef.dir = t.TempDir()
	}
	ef.start(t)
}

// advance moves the bridge's and the fake's clocks together.
func (ef *emergencyFixture) advance(d time.Duration) {
	ef.clock.Add(d)
	ef.srv.Advance(d)
}

// callbackServer serves the handler's callback route, as cmd mounts it,
// and points emergency messages at it.
func (ef *emergencyFixture) callbackServer(t *testing.T) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("POST "+emergency.CallbackPath+"{secret}", http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ef.h.CallbackHandler().ServeHTTP(w, r)
	}))
	cb := httptest.NewServer(mux)
	t.Cleanup(cb.Close)
	ef.rt.Emergency.Config.CallbackURL = cb.URL + "/"
	ef.rt.Pipeline.Callback = ef.rt.Emergency.Config.Callback(testCallbackSecret)
}

// receiptOf returns the fake's receipt of the emergency sent to user.
func (ef *emergencyFixture) receiptOf(t *testing.T, user string) pushovertest.Receipt {
	t.Helper()
	var found []pushovertest.Receipt
	for _, r := range ef.srv.Receipts() {
		if len(r.Recipients) > 0 && r.Recipients[0] == user && !r.Canceled && !r.Acknowledged {
			found = append(found, r)
		}
	}
	require.Len(t, found, 1, "one ringing receipt of %s", user)
	return found[0]
}

// pollAll polls until nothing is due.
func (ef *emergencyFixture) pollAll(t *testing.T) int {
	t.Helper()
	n := 0
	for ef.tracker.PollOnce(context.Background()) {
		n++
		require.Less(t, n, 100)
	}
	return n
}

// payloadWith returns a shared payload with its alerts changed by edit
// (as generic JSON, so every field Alertmanager sent is kept).
func payloadWith(t *testing.T, name string, edit func(alerts []map[string]any) []map[string]any) []byte {
	t.Helper()
	var p map[string]any
	require.NoError(t, json.Unmarshal(readPayload(t, name), &p))
	var alerts []map[string]any
	b, err := json.Marshal(p["alerts"])
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(b, &alerts))
	alerts = edit(alerts)
	p["alerts"] = alerts
	status := "resolved"
	for _, a := range alerts {
		if a["status"] == "firing" {
			status = "firing"
		}
	}
	p["status"] = status
	out, err := json.Marshal(p)
	require.NoError(t, err)
	return out
}

// alertsOf returns the alerts of a shared payload as generic JSON.
func alertsOf(t *testing.T, name string) []map[string]any {
	t.Helper()
	var p struct {
		Alerts []map[string]any `json:"alerts"`
	}
	require.NoError(t, json.Unmarshal(readPayload(t, name), &p))
	return p.Alerts
}

func resolve(a map[string]any) map[string]any {
	c := map[string]any{}
	for k, v := range a {
		c[k] = v
	}
	c["status"], c["endsAt"] = "resolved", "2026-11-22T10:09:00Z"
	return c
}

// emergency returns the ledger's record of receipt.
func (ef *emergencyFixture) emergency(t *testing.T, receipt string) (ledger.Emergency, bool) {
	t.Helper()
	e, ok, err := ef.ledger.Emergency(context.Background(), receipt)
	require.NoError(t, err)
	return e, ok
}

// outstanding returns the emergencies the ledger says still ring.
func (ef *emergencyFixture) outstanding(t *testing.T) []ledger.Emergency {
	t.Helper()
	es, err := ef.ledger.Emergencies(context.Background(), ledger.Filter{RingingAt: ef.clock.Now()})
	require.NoError(t, err)
	return es
}
