package templates

import (
	"fmt"
	"testing"

	"github.com/prometheus/alertmanager/template"
)

// BenchmarkRenderPayloads renders and fits every captured payload, and the
// 300-alert storm as Alertmanager would send it without max_alerts, in
// each format.
func BenchmarkRenderPayloads(b *testing.B) {
	tm := newTestTemplates(b)
	dir := testdataDirs[0]
	cases := []struct {
		name string
		d    *Data
	}{}
	for _, name := range []string{"01-firing-first", "02-firing-repeat", "03-some-resolved", "04-all-resolved",
		"05-warning-first", "06-storm-truncated"} {
		cases = append(cases, struct {
			name string
			d    *Data
		}{name, readPayload(b, dir+"/"+name+".json")})
	}
	storm := readPayload(b, dir+"/06-storm-truncated.json")
	alerts := make(template.Alerts, 0, 300)
	for i := range 300 {
		a := storm.Alerts[i%len(storm.Alerts)]
		a.Labels = template.KV{"alertname": "TargetDown", "cluster": "prod-ap", "severity": "critical",
			"job": "node", "instance": fmt.Sprintf("node-%03d:9100", i)}
		alerts = append(alerts, a)
	}
	storm.Alerts, storm.TruncatedAlerts = alerts, 0
	storm.Data = Restrict(storm.Data, alerts)
	cases = append(cases, struct {
		name string
		d    *Data
	}{"storm-300", storm})

	for _, format := range []Format{FormatHTML, FormatText} {
		for _, c := range cases {
			b.Run(fmt.Sprintf("%s/%s", format, c.name), func(b *testing.B) {
				spec := DefaultSpec()
				spec.Format = format
				b.ReportAllocs()
				for b.Loop() {
					if r := tm.Render(spec, c.d); r.Err != nil {
						b.Fatal(r.Err)
					}
				}
			})
		}
	}
}
