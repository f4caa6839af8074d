package action

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient/amclienttest"
)

var (
	testNow    = time.Date(2026, 3, 14, 9, 26, 0, 0, time.UTC)
	testSecret = []byte("0123456789abcdef-test-secret")
	testGroup  = NewGroupID("pushover-bridge", `{}:{alertname="DiskFull"}`)
)

// fakeGroups is a Groups, Charts and Acknowledger over one group.
type fakeGroups struct {
	mu    sync.Mutex
	view  GroupView
	acks  []string // recipients, one per Acknowledge call
	err   error    // returned by Acknowledge
	chart []byte
	now   func() time.Time
}

func (f *fakeGroups) Group(_ context.Context, id GroupID) (GroupView, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	if id != f.view.ID {
		return GroupView{}, ErrUnknownGroup
	}
	return f.view, nil
}

func (f *fakeGroups) Chart(_ context.Context, id GroupID) ([]byte, error) {
	if id != f.view.ID || f.chart == nil {
		return nil, ErrUnknownGroup
	}
	return f.chart, nil
}

// Acknowledge records the call and, like the ledger, the acknowledgement.
func (f *fakeGroups) Acknowledge(_ context.Context, _ GroupID, recipient string) (bool, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.acks = append(f.acks, recipient)
	if f.err != nil {
		return false, f.err
	}
	already := !ringing(f.view)
	for i := range f.view.Paged {
		f.view.Paged[i].Ringing = false
	}
	f.view.Acks = append(f.view.Acks, Ack{By: recipient, At: f.now(), Via: "the action page"})
	return already, nil
}

func (f *fakeGroups) ackCalls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.acks...)
}

type recorder struct {
	mu     sync.Mutex
	events []Event
}

func (r *recorder) Record(_ context.Context, e Event) {
	r.mu.Lock()
	r.events = append(r.events, e)
	r.mu.Unlock()
}

func (r *recorder) all() []Event {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]Event(nil), r.events...)
}

func testView() GroupView {
	return GroupView{
		ID: testGroup, Receiver: "pushover-bridge", Title: "[FIRING:2] DiskFull (prod)", Status: StatusFiring,
		CommonLabels: map[string]string{"alertname": "DiskFull", "cluster": "prod"},
		Alerts: []Alert{
			{Status: StatusFiring, StartsAt: testNow.Add(-17 * time.Minute),
				Labels:      map[string]string{"alertname": "DiskFull", "cluster": "prod", "instance": "db-1:9100", "severity": "critical"},
				Annotations: map[string]string{"summary": "Disk /var is 97% full", "description": "Only 1.2 GiB left.\nGrowing 4 GiB/h."}},
			{Status: StatusResolved, StartsAt: testNow.Add(-3 * time.Hour), EndsAt: testNow.Add(-time.Hour),
				Labels:      map[string]string{"alertname": "DiskFull", "cluster": "prod", "instance": "db-2:9100", "severity": "critical"},
				Annotations: map[string]string{"summary": "Disk /data is 91% full"}},
		},
		Paged: []Page{{Recipient: "alice", Route: "oncall", Priority: 2, At: testNow.Add(-16 * time.Minute), Ringing: true},
			{Recipient: "ops-channel", Route: "team", Priority: 0, At: testNow.Add(-16 * time.Minute)}},
		UpdatedAt: testNow.Add(-16 * time.Minute),
	}
}

// env is a Service over fakes, served by an httptest server.
type env struct {
	svc    *Service
	groups *fakeGroups
	am     *amclienttest.Server
	rec    *recorder
	srv    *httptest.Server
	now    time.Time
	mu     sync.Mutex
}

func (e *env) clock() time.Time { e.mu.Lock(); defer e.mu.Unlock(); return e.now }

func (e *env) advance(d time.Duration) { e.mu.Lock(); e.now = e.now.Add(d); e.mu.Unlock() }

func newEnv(t *testing.T) *env {
	t.Helper()
	am := amclienttest.NewServer(t)
	e := newEnvWith(t, am.URL, testNow, nil)
	e.am = am
	am.SetClock(e.clock)
	return e
}

// newEnvWith serves a Service whose silences go to the Alertmanager at
// amURL, with a clock at now (advanced by hand) or the real clock.
func newEnvWith(t *testing.T, amURL string, now time.Time, clock func() time.Time) *env {
	t.Helper()
	e := &env{now: now, rec: &recorder{}}
	if clock == nil {
		clock = e.clock
	}
	e.groups = &fakeGroups{view: testView(), now: clock, chart: []byte("\x89PNG\r\n\x1a\nfake")}
	am, err := amclient.New(amURL, "", nil, 5*time.Second)
	require.NoError(t, err)
	e.svc, err = New(Options{ExternalURL: "https://bridge.example.org/", Secret: testSecret, Scope: "test",
		LinkTTL: 24 * time.Hour, Groups: e.groups, Charts: e.groups, Acknowledger: e.groups, Silencer: am,
		Recorder: e.rec, Now: clock})
	require.NoError(t, err)
	e.srv = httptest.NewServer(e.svc.Handler())
	t.Cleanup(e.srv.Close)
	return e
}

// local turns a link into the test server's URL.
func (e *env) local(link string) string {
	return e.srv.URL + strings.TrimPrefix(link, "https://bridge.example.org")
}

func (e *env) link(recipient string) string { return e.local(e.svc.Link(testGroup, recipient)) }

// noRedirect is a client that shows redirects instead of following them.
var noRedirect = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}

// post posts action with its genuine form token to link.
func (e *env) post(t *testing.T, link, action string) *http.Response {
	t.Helper()
	tok := link[strings.LastIndex(link, "/")+1:]
	return postForm(t, link, url.Values{"action": {action}, "token": {e.svc.signer.formToken(tok, action)}})
}

func postForm(t *testing.T, link string, form url.Values) *http.Response {
	t.Helper()
	resp, err := noRedirect.PostForm(link, form)
	require.NoError(t, err)
	resp.Body.Close()
	return resp
}
