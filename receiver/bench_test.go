package receiver

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// benchPayloads are the shared captures plus the storm as Alertmanager
// would have sent it without max_alerts: 300 alerts, none truncated.
func benchPayloads(b *testing.B) []struct {
	name string
	body []byte
} {
	out := []struct {
		name string
		body []byte
	}{}
	for _, name := range []string{"01-firing-first", "02-firing-repeat", "03-some-resolved",
		"04-all-resolved", "05-warning-first", "06-storm-truncated"} {
		out = append(out, struct {
			name string
			body []byte
		}{name, readPayload(b, name+".json")})
	}
	return append(out, struct {
		name string
		body []byte
	}{"storm-300", storm300(b)})
}

// storm300 synthesizes the untruncated storm from the 06 capture.
func storm300(b testing.TB) []byte {
	m := loadPayload(b, "06-storm-truncated.json")
	alerts := make(template.Alerts, 0, 300)
	for i := range 300 {
		a := m.Alerts[i%len(m.Alerts)]
		a.Labels = template.KV{"alertname": "TargetDown", "cluster": "prod-ap", "severity": "critical",
			"job": "node", "instance": fmt.Sprintf("node-%03d:9100", i)}
		a.Fingerprint = fmt.Sprintf("%016x", i+1)
		alerts = append(alerts, a)
	}
	m.Alerts, m.TruncatedAlerts = alerts, 0
	body, err := json.Marshal(m)
	require.NoError(b, err)
	return body
}

// BenchmarkDecode measures reading, decoding and validating a webhook body.
func BenchmarkDecode(b *testing.B) {
	for _, p := range benchPayloads(b) {
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			b.SetBytes(int64(len(p.body)))
			for b.Loop() {
				if _, err := webhook.Decode(bytes.NewReader(p.body)); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkPlan measures routing, restricting, rendering and fitting the
// messages of a decoded webhook with the default templates (no sending).
func BenchmarkPlan(b *testing.B) {
	tmpl, err := templates.New(nil)
	require.NoError(b, err)
	rt := &Runtime{Config: DefaultConfig(), Pipeline: pipeline.Runtime{Router: compileRouter(b, testRouting), Templates: tmpl}}
	for _, p := range benchPayloads(b) {
		m, err := webhook.Decode(bytes.NewReader(p.body))
		require.NoError(b, err)
		b.Run(p.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				plan(rt, m)
			}
		})
	}
}

// BenchmarkPipeline measures one whole webhook request: the HTTP handler
// (auth, body cap, decode, route, render, fit, ledger) sending every
// message through the real client to an in-process fake Pushover that
// answers at once. Each iteration has its own group key, so each is a real
// page, not deduplicated. ns/op is per webhook; "msgs/op" says how many
// Pushover requests one webhook made.
func BenchmarkPipeline(b *testing.B) {
	srv := pushovertest.NewServer(pushovertest.WithDemoAccount(), pushovertest.WithRealClock())
	b.Cleanup(srv.Close)
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(srv.URL))
	require.NoError(b, err)
	tmpl, err := templates.New(nil)
	require.NoError(b, err)
	f := newFixture(b, testRouting, func(rt *Runtime) {
		rt.Token = bearerToken
		rt.Pipeline.Templates = tmpl
		setNotifier(rt, routing.KindPushover, pushovernotify.New(client, nil))
	})
	f.ledger = ledger.NewMemory(ledger.Options{Retention: time.Hour})
	f.build(f.h.Runtime())
	h := f.h
	for _, p := range benchPayloads(b) {
		prefix, suffix := splitGroupKey(b, p.body)
		b.Run(p.name, func(b *testing.B) {
			before := srv.Stats().Requests
			var body []byte
			i := 0
			b.ReportAllocs()
			for b.Loop() {
				i++
				body = append(append(strconv.AppendInt(append(body[:0], prefix...), int64(i), 10), p.name...), suffix...)
				req := httptest.NewRequest(http.MethodPost, "/alerts", bytes.NewReader(body))
				req.Header.Set("Authorization", "Bearer "+bearerToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				if rec.Code != http.StatusOK {
					b.Fatalf("HTTP %d: %s", rec.Code, rec.Body)
				}
			}
			b.ReportMetric(float64(srv.Stats().Requests-before)/float64(i), "msgs/op")
		})
	}
	f.wait(b)
}

// splitGroupKey cuts body around the start of its groupKey value, so that
// a distinct prefix can be written into each copy.
func splitGroupKey(b testing.TB, body []byte) (prefix, suffix []byte) {
	marker := []byte(`"groupKey":"`)
	i := bytes.Index(body, marker)
	require.GreaterOrEqual(b, i, 0, "no groupKey")
	i += len(marker)
	return body[:i], body[i:]
}
