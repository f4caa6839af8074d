package templates

import (
	"errors"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

func TestRestrict(t *testing.T) {
	d := readPayload(t, "../testdata/alertmanager-0.34.2/03-some-resolved.json").Data
	d.RouteLabels = template.KV{"team": "api"}
	for _, tc := range []struct {
		name       string
		alerts     template.Alerts
		status     string
		common     template.KV
		annotation template.KV
	}{
		{"firing one", d.Alerts[:1], "firing",
			template.KV{"alertname": "HighLatency", "cluster": "prod-eu", "instance": "api-1:9090", "job": "api", "severity": "critical"},
			d.Alerts[0].Annotations},
		{"resolved one", d.Alerts[1:], "resolved", d.Alerts[1].Labels, d.Alerts[1].Annotations},
		{"both", d.Alerts, "firing",
			template.KV{"alertname": "HighLatency", "cluster": "prod-eu", "job": "api", "severity": "critical"}, template.KV{}},
		{"none", nil, "resolved", template.KV{}, template.KV{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Restrict(d, tc.alerts)
			require.Equal(t, tc.status, got.Status)
			require.Equal(t, tc.common, got.CommonLabels)
			require.Equal(t, tc.annotation, got.CommonAnnotations)
			require.Len(t, got.Alerts, len(tc.alerts))
			require.Equal(t, d.GroupLabels, got.GroupLabels)
			require.Equal(t, d.RouteLabels, got.RouteLabels)
			require.Equal(t, d.Receiver, got.Receiver)
			require.Equal(t, d.ExternalURL, got.ExternalURL)
			require.Equal(t, d.NotificationReason, got.NotificationReason)
		})
	}
	require.Equal(t, "firing", d.Status, "the original is untouched")
	require.Len(t, d.Alerts, 2)
}

func TestTemplateErrorUnwraps(t *testing.T) {
	inner := errors.New("boom")
	err := error(&TemplateError{Field: FieldTitle, Err: inner})
	require.ErrorIs(t, err, inner)
	require.EqualError(t, err, "templates: title template: boom")
}

func TestSilenceURL(t *testing.T) {
	d := &Data{Data: &template.Data{ExternalURL: "http://am/"}}
	a := template.Alert{Labels: template.KV{"alertname": "A b", "q": `x"y\z&#`}}
	require.Equal(t, `http://am/#/silences/new?filter=%7Balertname%3D%22A%20b%22%2C%20q%3D%22x%5C%22y%5C%5Cz%26%23%22%7D`, d.SilenceURL(a))
	d.ExternalURL = ""
	require.Empty(t, d.SilenceURL(a))
}

func TestShortDuration(t *testing.T) {
	for _, tc := range []struct {
		d    time.Duration
		want string
	}{
		{-time.Second, "0s"}, {45 * time.Second, "45s"}, {12 * time.Minute, "12m"},
		{3*time.Hour + 5*time.Minute, "3h 5m"}, {3 * time.Hour, "3h"}, {50 * time.Hour, "2d 2h"},
	} {
		require.Equal(t, tc.want, shortDuration(tc.d))
	}
}
