package templates

import (
	"fmt"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
)

// BenchmarkRenderAlerts renders and fits one critical group of 2, 10, 25,
// 50 and 100 alerts shaped like bench/loadgen's (issue 17: CPU linear in
// the alerts, with a small slope), for one recipient.
func BenchmarkRenderAlerts(b *testing.B) {
	tm := newTestTemplates(b)
	for _, n := range []int{2, 10, 25, 50, 100} {
		d := syntheticGroup(n)
		b.Run(fmt.Sprintf("alerts-%03d", n), func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := tm.Render(DefaultSpec(), d); r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		})
	}
}

// syntheticGroup is a firing critical group of n alerts as bench/loadgen
// sends them.
func syntheticGroup(n int) *Data {
	alerts := make(template.Alerts, 0, n)
	for i := range n {
		alerts = append(alerts, template.Alert{Status: "firing",
			Labels: template.KV{"alertname": "LoadTest", "group": "g-0001", "severity": "critical",
				"instance": fmt.Sprintf("host-%03d:9100", i), "job": "node"},
			Annotations:  template.KV{"summary": fmt.Sprintf("Load test alert %d of group g-0001", i)},
			StartsAt:     testClock.Add(-time.Duration(i+1) * time.Minute),
			GeneratorURL: "http://prometheus.example.com:9090/graph?g0.expr=up+%3D%3D+0",
			Fingerprint:  fmt.Sprintf("%016x", i)})
	}
	td := &template.Data{Receiver: "pushover-bridge", Status: "firing", Alerts: alerts,
		GroupLabels: template.KV{"alertname": "LoadTest", "group": "g-0001"},
		ExternalURL: "http://alertmanager.example.com:9093"}
	return &Data{Data: Restrict(td, alerts), GroupKey: `{}:{group="g-0001"}`, Route: "page-oncall",
		Recipient: "oncall", Priority: "emergency"}
}
