package templates

import (
	"strconv"
	"time"

	"github.com/prometheus/alertmanager/template"
)

func itoa(n int) string { return strconv.Itoa(n) }

// SampleData returns a delivery of two firing alerts and one resolved one,
// acknowledged, with every field set: what Check renders templates on, and
// what a CLI can preview templates with when it has no payload.
func SampleData() *Data {
	start := time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)
	alert := func(status, instance string, end time.Time) template.Alert {
		return template.Alert{
			Status: status,
			Labels: template.KV{
				"alertname": "SampleAlert", "severity": "critical", "job": "sample", "instance": instance,
			},
			Annotations: template.KV{
				"summary":     "Sample alert on " + instance,
				"description": "A sample alert, to check templates with.",
				"runbook_url": "https://runbooks.example.com/SampleAlert",
			},
			StartsAt:     start,
			EndsAt:       end,
			GeneratorURL: "http://prometheus.example.com/graph?g0.expr=up",
			Fingerprint:  "0123456789abcdef",
		}
	}
	alerts := template.Alerts{
		alert("firing", "a:9100", time.Time{}),
		alert("firing", "b:9100", time.Time{}),
		alert("resolved", "c:9100", start.Add(5*time.Minute)),
	}
	td := Restrict(&template.Data{
		Receiver:           "pushover",
		NotificationReason: "first notification",
		GroupLabels:        template.KV{"alertname": "SampleAlert"},
		RouteLabels:        template.KV{"team": "sample"},
		ExternalURL:        "http://alertmanager.example.com",
	}, alerts)
	return &Data{
		Data:            td,
		GroupKey:        `{}:{alertname="SampleAlert"}`,
		TruncatedAlerts: 1,
		Route:           "sample",
		Recipient:       "oncall",
		Priority:        "high",
		Acknowledged:    &Acknowledgement{By: "oncall", Device: "phone", At: start.Add(time.Minute)},
	}
}
