package pipeline_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

var t0 = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// bobKey is the second user the fake knows, besides its demo user (alice).
const bobKey = "uBobTheSecondLevel000000000000"

// escFixture is a pipeline with the real templates and client against the
// fake Pushover, a memory ledger, the tracker, and an escalation engine,
// all on one manual clock. The route page-db pages the schedule primary
// (whoever onCall says) and escalates to bob after 10m.
type escFixture struct {
	clk     *clock.Manual
	srv     *pushovertest.Server
	ledger  *ledger.Local
	p       *pipeline.Pipeline
	rt      *pipeline.Runtime
	engine  *escalation.Engine
	metrics *pipeline.Metrics

	mu     sync.Mutex
	onCall string
}

func newEscFixture(t *testing.T) *escFixture {
	t.Helper()
	f := &escFixture{clk: clock.NewManual(t0), onCall: "alice"}
	f.srv = pushovertest.New(t, pushovertest.WithDemoAccount(), pushovertest.WithClock(t0))
	f.srv.AddUser(bobKey, "phone")
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(f.srv.URL),
		pushover.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	tmpl, err := templates.New(nil)
	require.NoError(t, err)
	prio, expire := "emergency", model.Duration(time.Hour)
	router, err := routing.CompileWith(routing.Config{
		Recipients: map[string]routing.RecipientConfig{"alice": {UserKey: pushovertest.DemoUser}, "bob": {UserKey: bobKey}},
		Routes: []routing.RouteConfig{{Name: "page-db", To: []string{"primary"}, Settings: routing.Settings{
			Priority: &prio, Expire: &expire,
			Escalate: &[]routing.EscalationLevelConfig{{After: model.Duration(10 * time.Minute), To: []string{"bob"}}},
		}}},
	}, "", routing.Options{Names: func(n string) bool { return n == "primary" }})
	require.NoError(t, err)
	recipients := map[string]*routing.Recipient{}
	for _, r := range router.Recipients {
		recipients[r.Name] = r
	}
	f.ledger = ledger.NewMemory(ledger.Options{Now: f.clk.Now})
	f.rt = &pipeline.Runtime{Config: pipeline.Config{Timeout: 10 * time.Second, DedupWindow: 5 * time.Minute,
		MaxConcurrency: 2}, Router: router, Templates: tmpl,
		Notifiers:  map[string]pipeline.Notifier{routing.KindPushover: pushovernotify.New(client, nil)},
		Recipients: recipients, Now: f.clk.Now, Schedules: f.resolve}
	f.metrics = pipeline.NewMetrics(prometheus.NewRegistry())
	tracker := emergency.NewTracker(&emergency.Runtime{Config: emergency.DefaultConfig(),
		Recipients: map[string]string{pushovertest.DemoUser: "alice", bobKey: "bob"}},
		emergency.Options{Ledger: f.ledger, Metrics: emergency.NewMetrics(prometheus.NewRegistry()), Now: f.clk.Now,
			OnAcknowledged: func(ctx context.Context, e ledger.Emergency, src string) { f.p.Acknowledged(ctx, e, src) }})
	f.p = pipeline.New(pipeline.Options{Ledger: f.ledger, Tracker: tracker, Metrics: f.metrics, Now: f.clk.Now})
	pager := f.p.EscalationPager(func() *pipeline.Runtime { return f.rt })
	f.engine, err = escalation.New(escalation.Options{Store: f.ledger.Escalations(), Pager: pager, Canceller: pager,
		Resolver: f.resolve, Now: f.clk.Now})
	require.NoError(t, err)
	f.p.SetEscalation(f.engine)
	return f
}

// resolve is the schedule primary: whoever f.onCall says.
func (f *escFixture) resolve(name string, _ time.Time) (string, bool) {
	if name != "primary" {
		return name, false
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.onCall, true
}

func (f *escFixture) setOnCall(who string) { f.mu.Lock(); f.onCall = who; f.mu.Unlock() }

// webhook is a notification of one DBDown alert, firing or resolved.
func webhookOf(status string) *webhook.Message {
	a := template.Alert{Status: status, Labels: template.KV{"alertname": "DBDown", "severity": "critical"},
		Annotations: template.KV{}, StartsAt: t0.Add(-time.Minute), Fingerprint: "fp1"}
	if status == "resolved" {
		a.EndsAt = t0.Add(time.Hour)
	}
	return &webhook.Message{GroupKey: `{}:{alertname="DBDown"}`, Data: &template.Data{Receiver: "team", Status: status,
		Alerts: template.Alerts{a}, GroupLabels: template.KV{"alertname": "DBDown"}, CommonLabels: a.Labels,
		CommonAnnotations: template.KV{}, ExternalURL: "http://am.example"}}
}

func (f *escFixture) messagesTo(user string) []pushovertest.Message {
	var out []pushovertest.Message
	for _, m := range f.srv.Messages() {
		if m.Params["user"] == user {
			out = append(out, m)
		}
	}
	return out
}

// fireLevel2 moves the clock 10 minutes on and runs the engine until it
// has fired level 2, then stops it.
func (f *escFixture) fireLevel2(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	f.clk.Add(10 * time.Minute)
	done := make(chan struct{})
	go func() { defer close(done); _ = f.engine.Run(ctx, escalation.NewMemLease(f.clk.Now)) }()
	require.Eventually(t, func() bool { return len(f.escalation(t).Fired) == 2 }, 10*time.Second, 10*time.Millisecond)
	cancel()
	<-done
}

func (f *escFixture) escalation(t *testing.T) escalation.Record {
	t.Helper()
	m := webhookOf("firing")
	rec, ok, err := f.engine.Get(context.Background(), pipeline.EscalationID(m.Receiver, m.GroupKey, "page-db", m.ExternalURL))
	require.NoError(t, err)
	require.True(t, ok, "an escalation was started")
	return rec
}

// A schedule in to pages whoever is on call when the page goes out, with
// the schedule's tag; a resolve after a hand-off cancels what the previous
// person was paged.
func TestScheduleInToPagesWhoeverIsOnCall(t *testing.T) {
	f := newEscFixture(t)
	res := f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	require.Len(t, res, 1)
	require.Equal(t, pipeline.OutcomeSent, res[0].Outcome)
	require.Equal(t, "alice", res[0].Recipient)
	require.Equal(t, "primary", res[0].Schedule)
	page := f.messagesTo(pushovertest.DemoUser)
	require.Len(t, page, 1)
	require.Equal(t, emergency.Tag(emergency.DefaultTagPrefix, "http://am.example", "team", `{}:{alertname="DBDown"}`, "page-db", "primary"), page[0].Params["tags"])

	rec := f.escalation(t)
	require.Equal(t, []string{"primary"}, rec.Levels[0].To, "level 1 is the route's to, as configured")
	require.Equal(t, []string{"alice"}, rec.Fired[0].Recipients)
	require.Equal(t, page[0].Receipt, rec.Fired[0].Receipts[0].Receipt)

	// A hand-off, then the resolve: the schedule's resolved message goes to
	// whoever is on call now, and alice's page, which the ledger knows, is
	// cancelled by its receipt.
	f.setOnCall("bob")
	res = f.p.Process(context.Background(), f.rt, webhookOf("resolved"))
	require.Len(t, res, 2)
	require.Equal(t, pipeline.Result{Route: "page-db", Recipient: "bob", Schedule: "primary", Alerts: 1,
		Outcome: pipeline.OutcomeSent, Priority: "low", Request: res[0].Request}, res[0])
	require.Equal(t, pipeline.Result{Route: "page-db", Recipient: "alice", Outcome: pipeline.OutcomeCancelled,
		Cancelled: 1}, res[1])
	rc, ok := f.srv.Receipt(page[0].Receipt)
	require.True(t, ok)
	require.True(t, rc.Canceled)
	require.True(t, f.escalation(t).Resolved, "the resolve stops the escalation")
}

// No one on call: nobody is paged, the answer and the metric say so, and
// an emergency still starts its escalation, so the next level follows.
func TestScheduleWithNoOneOnCall(t *testing.T) {
	f := newEscFixture(t)
	f.setOnCall("")
	res := f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	require.Len(t, res, 1)
	require.Equal(t, pipeline.OutcomeNoOneOnCall, res[0].Outcome)
	require.Equal(t, "primary", res[0].Schedule)
	require.Contains(t, res[0].Error, `schedule "primary" has no one on call`)
	require.Empty(t, f.srv.Messages())
	require.InDelta(t, 1, testutil.ToFloat64(f.metrics.NoOneOnCall.WithLabelValues("page-db", "primary")), 0)
	rec := f.escalation(t)
	require.Equal(t, []string{"primary"}, rec.Fired[0].Unresolved)
	due, ok := rec.NextDue()
	require.True(t, ok)
	require.Equal(t, t0.Add(10*time.Minute), due)
}

// Level 2 pages bob with the escalation headline, recorded with the
// tracker; bob's acknowledgement (Pushover's callback) stops the
// escalation and cancels alice's page by its receipt.
func TestEscalationLevelPagedAndAcknowledged(t *testing.T) {
	f := newEscFixture(t)
	f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	first := f.messagesTo(pushovertest.DemoUser)[0]

	f.fireLevel2(t)

	second := f.messagesTo(bobKey)
	require.Len(t, second, 1)
	require.True(t, strings.HasPrefix(second[0].Title, "Escalation (level 2): alice did not answer: "), second[0].Title)
	require.Equal(t, 2, second[0].Priority)
	require.Equal(t, emergency.Tag(emergency.DefaultTagPrefix, "http://am.example", "team", `{}:{alertname="DBDown"}`, "page-db", "bob"), second[0].Params["tags"])
	e, ok, err := f.ledger.Emergency(context.Background(), second[0].Receipt)
	require.NoError(t, err)
	require.True(t, ok, "the level's page is recorded, so its acknowledgement is learnt")
	require.Equal(t, "bob", e.Recipient)

	require.NoError(t, f.srv.Ack(second[0].Receipt, bobKey, "phone"))
	firstAck, err := f.p.Tracker().Acknowledge(context.Background(), emergency.Acknowledgement{
		Receipt: second[0].Receipt, UserKey: bobKey, Device: "phone", Source: "callback"})
	require.NoError(t, err)
	require.True(t, firstAck)
	rec := f.escalation(t)
	require.NotNil(t, rec.Acked)
	require.Equal(t, escalation.Ack{By: "bob", At: t0.Add(10 * time.Minute), Level: 2, Via: "callback",
		Receipt: second[0].Receipt}, *rec.Acked)
	rc, _ := f.srv.Receipt(first.Receipt)
	require.True(t, rc.Canceled, "alice's page stops ringing")
	require.Empty(t, rec.Uncancelled)
	e, _, err = f.ledger.Emergency(context.Background(), first.Receipt)
	require.NoError(t, err)
	require.False(t, e.Cancelled.IsZero(), "the ledger knows it was cancelled")

	// The next message of the group says who acknowledged, at which level.
	ns, _ := pipeline.Plan(context.Background(), f.rt, webhookOf("firing"), f.p.Tracker())
	require.Len(t, ns, 1)
	require.Equal(t, "bob", ns[0].Data.Acknowledged.By)
}

// A level's page is sent once per recipient even when the engine retries
// it (after a crash between the send and the record): the retry reads the
// receipts from the ledger.
func TestEscalationPageIsIdempotent(t *testing.T) {
	f := newEscFixture(t)
	f.p.Process(context.Background(), f.rt, webhookOf("firing"))
	rec := f.escalation(t)
	pager := f.p.EscalationPager(func() *pipeline.Runtime { return f.rt })
	one, err := pager.Page(context.Background(), rec, 2, []string{"bob"}, []string{"alice"})
	require.NoError(t, err)
	require.Len(t, one, 1)
	two, err := pager.Page(context.Background(), rec, 2, []string{"bob"}, []string{"alice"})
	require.NoError(t, err)
	require.Equal(t, one, two)
	require.Len(t, f.messagesTo(bobKey), 1)
}
