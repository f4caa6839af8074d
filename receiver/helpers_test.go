package receiver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	texttemplate "text/template"
	"time"

	"github.com/go-kit/log"
	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

const (
	testToken   = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"
	oncallKey   = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"
	teamKey     = "gznej3rKEVAvPUxu9vvNnqpmZpokzF"
	bearerToken = "s3cr3t-bearer-for-alertmanager"
)

// testRouting sends critical alerts to oncall and team at emergency, and
// warnings to team.
const testRouting = `
recipients:
  oncall: {user_key: ` + oncallKey + `}
  team:   {user_key: ` + teamKey + `, devices: [phone]}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall, team]
    priority: emergency
    sound: siren
    retry: 1m
    expire: 1h
    resolved_sound: magic
  - name: warn
    matchers: ['severity="warning"']
    to: [team]
`

const payloadDir = "../testdata"

// readPayload returns a shared Alertmanager payload's bytes.
func readPayload(t testing.TB, name string) []byte {
	t.Helper()
	if !strings.Contains(name, "/") {
		name = "alertmanager-0.34.2/" + name
	}
	b, err := os.ReadFile(filepath.Join(payloadDir, name))
	require.NoError(t, err)
	return b
}

func loadPayload(t testing.TB, name string) *webhook.Message {
	t.Helper()
	m, err := webhook.Decode(bytes.NewReader(readPayload(t, name)))
	require.NoError(t, err)
	return m
}

func compileRouter(t testing.TB, src string) *routing.Router {
	t.Helper()
	var cfg routing.Config
	require.NoError(t, yaml.Unmarshal([]byte(src), &cfg))
	r, err := routing.Compile(cfg, "")
	require.NoError(t, err)
	return r
}

// fakeRenderer renders titles as "route status" and messages as the alert
// names; Text is Go's text/template on the data.
type fakeRenderer struct{}

func (fakeRenderer) Render(spec templates.Spec, d *templates.Data) templates.Rendered {
	var names []string
	for _, a := range d.Alerts {
		names = append(names, a.Labels["instance"]+" "+a.Status)
	}
	return templates.Rendered{
		Title:   d.Route + " " + d.Status + " " + d.Priority,
		Message: strings.Join(names, "\n"),
		Format:  spec.Format,
	}
}

func (fakeRenderer) Text(text string, d *templates.Data) (string, error) {
	t, err := texttemplate.New("").Option("missingkey=zero").Parse(text)
	if err != nil {
		return "", err
	}
	var b strings.Builder
	err = t.Execute(&b, d)
	return b.String(), err
}

// envelope is one message the fake Pushover notifier was asked to send:
// names for the tests, and the message as pushovernotify builds it.
type envelope struct {
	Route     string
	Recipient string
	Message   *pushover.Message
	SecretURL bool
}

// fakeSender is the Pushover notifier of the fixtures: the real
// pushovernotify.Notifier (message, chart retry, error classes) over a
// fake client that records what it is asked to do, in order, and fails
// as told.
type fakeSender struct {
	mu        sync.Mutex
	calls     []string // "send <recipient>" or "cancel <recipient> <tag or receipt>"
	sent      []envelope
	cancels   []pipeline.Cancellation
	sendErr   func(envelope) error
	cancelErr func(pipeline.Cancellation) error
	release   chan struct{} // when set, Send waits for it
	started   chan struct{} // when set, Send signals here first
	logger    log.Logger    // the notifier's; nil: none
}

var (
	_ pipeline.Notifier  = (*fakeSender)(nil)
	_ pipeline.Canceller = (*fakeSender)(nil)
)

func (f *fakeSender) Notify(ctx context.Context, p pipeline.Page) (pipeline.Delivered, error) {
	return pushovernotify.New(&fakeClient{f: f, page: p}, f.logger).Notify(ctx, p)
}

func (f *fakeSender) Cancel(ctx context.Context, c pipeline.Cancellation) (int, error) {
	return pushovernotify.New(&fakeClient{f: f, cancel: c}, f.logger).Cancel(ctx, c)
}

// fakeClient is the fake's pushovernotify.Client for one page or one
// cancellation, whose names it records.
type fakeClient struct {
	f      *fakeSender
	page   pipeline.Page
	cancel pipeline.Cancellation
}

func (c *fakeClient) Send(ctx context.Context, m *pushover.Message) (*pushover.Response, error) {
	f := c.f
	if f.started != nil {
		f.started <- struct{}{}
	}
	if f.release != nil {
		<-f.release
	}
	e := envelope{Route: c.page.Route, Recipient: c.page.Recipient.Name, Message: m, SecretURL: c.page.SecretURL}
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "send "+e.Recipient)
	if f.sendErr != nil {
		if err := f.sendErr(e); err != nil {
			return nil, err
		}
	}
	f.sent = append(f.sent, e)
	return &pushover.Response{Request: fmt.Sprintf("req-%d", len(f.sent))}, nil
}

func (c *fakeClient) Cancel(ctx context.Context, receipt string) error {
	_, err := c.cancelled()
	return err
}

func (c *fakeClient) CancelByTag(ctx context.Context, tag string) (int, error) { return c.cancelled() }

func (c *fakeClient) cancelled() (int, error) {
	f, x := c.f, c.cancel
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "cancel "+x.Recipient+" "+x.Tag+x.Receipt)
	if f.cancelErr != nil {
		if err := f.cancelErr(x); err != nil {
			return 0, err
		}
	}
	f.cancels = append(f.cancels, x)
	return 1, nil
}

func (f *fakeSender) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeSender) Sent() []envelope {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]envelope(nil), f.sent...)
}

// setNotifier makes nt the notifier of kind in rt, in a new map (a
// runtime's copy shares its map).
func setNotifier(rt *Runtime, kind string, nt pipeline.Notifier) {
	m := map[string]pipeline.Notifier{}
	for k, v := range rt.Pipeline.Notifiers {
		m[k] = v
	}
	m[kind] = nt
	rt.Pipeline.Notifiers = m
}

// fixture is a handler, its pipeline and tracker, wired to fakes.
type fixture struct {
	h       *Handler
	p       *pipeline.Pipeline
	tracker *emergency.Tracker
	sender  *fakeSender
	ledger  ledger.Ledger
	reg     *prometheus.Registry
	m       *Metrics           // the handler's
	pm      *pipeline.Metrics  // the pipeline's
	em      *emergency.Metrics // the tracker's
	api     *pushover.Metrics  // the client's, when newIntegrated made one
	clock   *internalclock.Manual
	logs    *proctest.Buffer
	// claimWaits receives the key of each delivery that waits for the
	// same delivery in flight (pipeline.Options.OnClaimWait).
	claimWaits chan string
	// logger replaces the log into logs when set before build.
	logger log.Logger
	// life, when set before build, is the application's lifetime given to
	// the tracker (silences end with it).
	life context.Context
}

func newFixture(t testing.TB, routes string, tweak ...func(*Runtime)) *fixture {
	t.Helper()
	f := &fixture{sender: &fakeSender{}, logs: &proctest.Buffer{}, claimWaits: make(chan string, 16),
		clock: internalclock.NewManual(time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC))}
	f.ledger = ledger.NewMemory(ledger.Options{Now: f.clock.Now})
	rt := &Runtime{
		Config: DefaultConfig(),
		Pipeline: pipeline.Runtime{Router: compileRouter(t, routes), Templates: fakeRenderer{},
			Notifiers: map[string]pipeline.Notifier{routing.KindPushover: f.sender},
			Secrets:   []string{testToken, oncallKey, teamKey, bearerToken}},
	}
	for _, tw := range tweak {
		tw(rt)
	}
	f.build(rt)
	return f
}

// build (re)creates the tracker, pipeline and handler around f.ledger,
// with fresh metrics: a (re)start of the bridge.
func (f *fixture) build(rt *Runtime) {
	f.reg = prometheus.NewRegistry()
	f.m, f.pm, f.em = NewMetrics(f.reg), pipeline.NewMetrics(f.reg), emergency.NewMetrics(f.reg)
	logger := f.logger
	if logger == nil {
		logger = log.NewLogfmtLogger(f.logs)
	}
	f.sender.logger = logger
	f.tracker = emergency.NewTracker(&rt.Emergency, emergency.Options{Ledger: f.ledger, Metrics: f.em, Logger: logger,
		Now: f.clock.Now, Context: f.life, Sleep: func(ctx context.Context, _ time.Duration) error { return ctx.Err() }})
	f.p = pipeline.New(pipeline.Options{Ledger: f.ledger, Tracker: f.tracker, Metrics: f.pm, Logger: logger,
		Now: f.clock.Now, OnClaimWait: func(key string) {
			select {
			case f.claimWaits <- key:
			default: // nobody listens
			}
		}})
	f.h = NewHandler(rt, Options{Pipeline: f.p, Metrics: f.m, Logger: logger, Now: f.clock.Now})
}

// wait waits for what the requests left running: deliveries, silences.
func (f *fixture) wait(t testing.TB) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, f.p.Wait(ctx))
	require.NoError(t, f.tracker.Wait(ctx))
}

// plan plans m as the handler would, rendering what would be sent.
func plan(rt *Runtime, m *webhook.Message) ([]pipeline.Notification, template.Alerts) {
	rt.Pipeline.Config = rt.Config.Pipeline()
	ns, unrouted := pipeline.Plan(context.Background(), &rt.Pipeline, m, nil)
	for i := range ns {
		if ns[i].Action == pipeline.Send {
			pipeline.Render(&rt.Pipeline, &ns[i])
		}
	}
	return ns, unrouted
}

// messageOf is the Pushover message of a planned notification, as
// pushovernotify builds it from its page.
func messageOf(rt *Runtime, n pipeline.Notification) *pushover.Message {
	return pushovernotify.Message(n.Page(&rt.Pipeline))
}

// post sends body to the handler and decodes the answer.
func (f *fixture) post(t testing.TB, body []byte, header ...string) (int, Answer) {
	t.Helper()
	req := httptest.NewRequest(http.MethodPost, "/alerts", bytes.NewReader(body))
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	rec := httptest.NewRecorder()
	f.h.ServeHTTP(rec, req)
	require.Equal(t, "application/json; charset=utf-8", rec.Header().Get("Content-Type"))
	var a Answer
	require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a), rec.Body.String())
	return rec.Code, a
}

// outcomes lists "route/recipient=outcome" of an answer.
func outcomes(a Answer) []string {
	var out []string
	for _, d := range a.Deliveries {
		out = append(out, d.Route+"/"+d.Recipient+"="+string(d.Outcome))
	}
	return out
}
