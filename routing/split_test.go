package routing

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

const payloadDir = "../testdata/alertmanager-0.34.2"

// payload decodes one captured Alertmanager webhook.
func payload(t testing.TB, name string) *template.Data {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(payloadDir, name))
	require.NoError(t, err)
	var d template.Data
	require.NoError(t, json.Unmarshal(b, &d))
	return &d
}

const splitConfig = `
recipients:
  oncall:  {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsG, devices: [phone]}
  api-dev: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}
  storage: {user_key: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa}
routes:
  - {name: api-2, matchers: ['instance="api-2:9090"'], to: [api-dev], continue: true}
  - {name: critical, matchers: ['severity="critical"'], to: [oncall], priority: emergency}
  - {name: storage, matchers: ['team=~"db|storage"'], receiver: 'pushover-bridge', to: [storage]}
`

// split summarizes Split as route name → fingerprints, plus the unrouted ones.
func split(r *Router, d *template.Data) (map[string][]string, []string) {
	deliveries, unrouted := r.Split(d.Receiver, d.Alerts)
	got := map[string][]string{}
	var order []string
	for _, dl := range deliveries {
		order = append(order, dl.Route.Name)
		for _, a := range dl.Alerts {
			got[dl.Route.Name] = append(got[dl.Route.Name], a.Fingerprint)
		}
	}
	got["_order"] = order
	var un []string
	for _, a := range unrouted {
		un = append(un, a.Fingerprint)
	}
	return got, un
}

func TestSplitPayloads(t *testing.T) {
	r := mustCompile(t, splitConfig)
	tests := []struct {
		file     string
		want     map[string][]string
		unrouted []string
	}{
		{"01-firing-first.json", map[string][]string{
			"_order":   {"api-2", "critical"},
			"api-2":    {"4320a77964054ac3"},
			"critical": {"d9f50dfdc8486b4a", "4320a77964054ac3"},
		}, nil},
		{"03-some-resolved.json", map[string][]string{
			"_order":   {"api-2", "critical"},
			"api-2":    {"4320a77964054ac3"},
			"critical": {"d9f50dfdc8486b4a", "4320a77964054ac3"},
		}, nil},
		{"04-all-resolved.json", map[string][]string{
			"_order":   {"critical"},
			"critical": {"d9f50dfdc8486b4a"},
		}, nil},
		{"05-warning-first.json", map[string][]string{
			"_order":  {"storage"},
			"storage": {payloadFingerprints(t, "05-warning-first.json")[0]},
		}, nil},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			got, unrouted := split(r, payload(t, tc.file))
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.unrouted, unrouted)
		})
	}
}

func payloadFingerprints(t *testing.T, name string) []string {
	var fps []string
	for _, a := range payload(t, name).Alerts {
		fps = append(fps, a.Fingerprint)
	}
	return fps
}

func TestSplitUnroutedAndReceiverFilter(t *testing.T) {
	r := mustCompile(t, splitConfig)
	d := payload(t, "05-warning-first.json")
	d.Receiver = "another-receiver"
	got, unrouted := split(r, d)
	require.Equal(t, map[string][]string{"_order": nil}, got)
	require.Equal(t, payloadFingerprints(t, "05-warning-first.json"), unrouted)
}

func TestSplitKeepsPayloadOrderAndStatus(t *testing.T) {
	r := mustCompile(t, splitConfig)
	d := payload(t, "06-storm-truncated.json")
	deliveries, unrouted := r.Split(d.Receiver, d.Alerts)
	require.Empty(t, unrouted)
	require.Len(t, deliveries, 1)
	require.Equal(t, "critical", deliveries[0].Route.Name)
	require.Equal(t, d.Alerts, deliveries[0].Alerts)

	d = payload(t, "03-some-resolved.json")
	deliveries, _ = r.Split(d.Receiver, d.Alerts)
	require.Equal(t, "resolved", deliveries[0].Alerts[0].Status, "alerts keep their own status")
}

func TestSplitEmpty(t *testing.T) {
	r := mustCompile(t, splitConfig)
	deliveries, unrouted := r.Split("x", nil)
	require.Empty(t, deliveries)
	require.Empty(t, unrouted)
}

func BenchmarkSplit(b *testing.B) {
	r := mustCompile(b, `
recipients: {me: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}}
routes:
  - {name: db, matchers: ['team=~"db|storage"', 'severity="critical"'], to: [me]}
  - {name: nodes, matchers: ['instance=~"node-0[0-4].*"'], to: [me], continue: true}
  - {name: critical, matchers: ['severity="critical"', 'env!="dev"'], to: [me]}
  - {name: rest, to: [me]}
`)
	d := payload(b, "06-storm-truncated.json")
	// The capture holds the 25 alerts that max_alerts let through; the
	// storm itself was 300, so bench that size too.
	storm := make(template.Alerts, 0, 300)
	for i := range 300 {
		a := d.Alerts[i%len(d.Alerts)]
		a.Labels = template.KV{"alertname": "TargetDown", "severity": "critical",
			"instance": fmt.Sprintf("node-%03d:9100", i)}
		storm = append(storm, a)
	}
	for _, bc := range []struct {
		name   string
		alerts template.Alerts
	}{{"captured-25", d.Alerts}, {"storm-300", storm}} {
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				r.Split(d.Receiver, bc.alerts)
			}
		})
	}
}
