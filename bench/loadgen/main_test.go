package main

import (
	"encoding/json"
	"fmt"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// TestBody: the hand-written webhook is the JSON encoding/json makes of
// the same webhook.
func TestBody(t *testing.T) {
	for _, tc := range []struct {
		alerts   int
		severity string
	}{{1, "warning"}, {3, "warning"}, {2, "critical"}} {
		lg := &loadgen{o: options{run: "abc12", alerts: tc.alerts, severity: tc.severity}}
		for _, i := range []int{0, 7, 123456} {
			var got, want any
			require.NoError(t, json.Unmarshal(lg.body(i), &got))
			require.NoError(t, json.Unmarshal(reference(lg, i), &want))
			require.Equal(t, want, got)
		}
	}
}

// reference is webhook i built with encoding/json.
func reference(lg *loadgen, i int) []byte {
	id := lg.pageID(i)
	type alert struct {
		Status       string            `json:"status"`
		Labels       map[string]string `json:"labels"`
		Annotations  map[string]string `json:"annotations"`
		StartsAt     time.Time         `json:"startsAt"`
		EndsAt       time.Time         `json:"endsAt"`
		GeneratorURL string            `json:"generatorURL"`
		Fingerprint  string            `json:"fingerprint"`
	}
	var alerts []alert
	for a := range lg.o.alerts {
		alerts = append(alerts, alert{
			Status: "firing",
			Labels: map[string]string{"alertname": "LoadTest", "group": id, "instance": fmt.Sprintf("host-%d:9100", a),
				"severity": lg.o.severity},
			Annotations: map[string]string{"summary": "load test page " + id},
			StartsAt:    startsAt, GeneratorURL: "http://prometheus.example.com/graph",
			Fingerprint: fmt.Sprintf("%08x%08x", uint32(i)^lg.salt(), a),
		})
	}
	b, _ := json.Marshal(map[string]any{
		"version": "4", "receiver": "pushover-bridge", "status": "firing", "alerts": alerts,
		"groupLabels":       map[string]string{"alertname": "LoadTest", "group": id},
		"commonLabels":      map[string]string{"alertname": "LoadTest", "group": id, "severity": lg.o.severity},
		"commonAnnotations": map[string]string{"summary": "load test page " + id},
		"externalURL":       "http://alertmanager.example.com", "groupKey": `{}:{alertname="LoadTest", group="` + id + `"}`,
		"truncatedAlerts": 0, "notification_reason": "first notification",
	})
	return b
}
