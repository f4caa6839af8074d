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

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"

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

func loadPayload(t testing.TB, name string) *Message {
	t.Helper()
	m, err := Decode(bytes.NewReader(readPayload(t, name)))
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

// fakeRestrict stands in for templates.Restrict: the alerts, their status
// and common labels.
func fakeRestrict(d *template.Data, alerts template.Alerts) *template.Data {
	c := *d
	c.Alerts = alerts
	c.Status = deliveryStatus(alerts)
	c.CommonLabels = template.KV{}
	for k, v := range alerts[0].Labels {
		common := true
		for _, a := range alerts[1:] {
			common = common && a.Labels[k] == v
		}
		if common {
			c.CommonLabels[k] = v
		}
	}
	return &c
}

// fakeSender records what it is asked to do, in order, and fails as told.
type fakeSender struct {
	mu        sync.Mutex
	calls     []string // "send <recipient>" or "cancel <recipient> <tag>"
	sent      []Envelope
	cancels   []Cancellation
	sendErr   func(Envelope) error
	cancelErr func(Cancellation) error
	release   chan struct{} // when set, Send waits for it
	started   chan struct{} // when set, Send signals here first
}

func (f *fakeSender) Send(ctx context.Context, e Envelope) (*pushover.Response, error) {
	if f.started != nil {
		f.started <- struct{}{}
	}
	if f.release != nil {
		<-f.release
	}
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

func (f *fakeSender) CancelByTag(ctx context.Context, c Cancellation) (int, error) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.calls = append(f.calls, "cancel "+c.Recipient+" "+c.Tag)
	if f.cancelErr != nil {
		if err := f.cancelErr(c); err != nil {
			return 0, err
		}
	}
	f.cancels = append(f.cancels, c)
	return 1, nil
}

func (f *fakeSender) Calls() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.calls...)
}

func (f *fakeSender) Sent() []Envelope {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]Envelope(nil), f.sent...)
}

// fixture is a handler wired to fakes.
type fixture struct {
	h      *Handler
	sender *fakeSender
	ledger *MemoryLedger
	reg    *prometheus.Registry
	clock  *internalclock.Manual
	logs   *proctest.Buffer
}

func newFixture(t testing.TB, routes string, tweak ...func(*Runtime)) *fixture {
	t.Helper()
	f := &fixture{sender: &fakeSender{}, reg: prometheus.NewRegistry(), logs: &proctest.Buffer{},
		clock: internalclock.NewManual(time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC))}
	f.ledger = NewMemoryLedger(DefaultLedgerTTL, f.clock.Now)
	rt := &Runtime{
		Config: DefaultConfig(), Router: compileRouter(t, routes), Templates: fakeRenderer{},
		Sender: f.sender, Restrict: fakeRestrict,
		Secrets: []string{testToken, oncallKey, teamKey, bearerToken},
	}
	for _, tw := range tweak {
		tw(rt)
	}
	logger := log.NewLogfmtLogger(f.logs)
	f.h = NewHandler(rt, Options{Ledger: f.ledger, Metrics: NewMetrics(f.reg), Logger: logger, Now: f.clock.Now})
	return f
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
