package templates

import (
	"fmt"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

// TestManyAlertsRenderInLinearTime: a webhook of tens of thousands of
// alerts (the default 4 MiB body cap admits about 200,000 minimal ones)
// renders and fits into one message in every format. The default templates
// call $.Uniform for every alert they show; it used to walk all alerts each
// time, which made rendering quadratic (3.6 s for 20,000 alerts, 30 s for
// 100,000). TestUniformIsComputedOncePerRender pins that cause without a
// clock; the time it takes is BenchmarkRenderPayloads' business (a
// wall-clock bound here failed under -race on a busy machine).
func TestManyAlertsRenderInLinearTime(t *testing.T) {
	tm := newTestTemplates(t)
	d := SampleData()
	base := d.Alerts[0]
	alerts := make(template.Alerts, 0, 100_000)
	for i := range cap(alerts) {
		a := base
		a.Labels = template.KV{"alertname": "Many", "severity": "warning", "instance": fmt.Sprintf("host-%d", i)}
		a.Fingerprint = fmt.Sprintf("%016x", i)
		alerts = append(alerts, a)
	}
	d.Alerts = alerts
	d.Data = Restrict(d.Data, alerts)
	for _, format := range []Format{FormatHTML, FormatText} {
		spec := DefaultSpec()
		spec.Format = format
		r := tm.Render(spec, d)
		require.NoError(t, r.Err)
		require.LessOrEqual(t, utf8.RuneCountInString(r.Message), 1024)
		require.Contains(t, r.Message, "more")
	}
}

// TestUniformIsComputedOncePerRender: the copy a render works on knows
// Uniform without walking the alerts again.
func TestUniformIsComputedOncePerRender(t *testing.T) {
	d := SampleData()
	alerts := append(template.Alerts(nil), d.Alerts[0], d.Alerts[0])
	c := d.withAlerts(alerts, true)
	require.True(t, c.Uniform())
	alerts[1].Status = "resolved" // behind the copy's back: the cached answer stands
	require.True(t, c.Uniform())
	require.False(t, d.withAlerts(alerts, true).Uniform())
}

// TestScriptURLsAreDropped: a url field that would run code, say from a
// runbook_url annotation, is not sent; the message's links are escaped by
// html/template.
func TestScriptURLsAreDropped(t *testing.T) {
	tm := newTestTemplates(t)
	for _, u := range []string{"javascript:alert(1)", " JavaScript:alert(1)", "java\tscript:x", "vbscript:x", "data:text/html,<script>x</script>"} {
		d := SampleData()
		d.Alerts = d.Alerts[:1]
		d.Alerts[0].Annotations = template.KV{"runbook_url": u, "summary": "s"}
		d.Data = Restrict(d.Data, d.Alerts)
		r := tm.Render(DefaultSpec(), d)
		require.NoError(t, r.Err)
		require.NotContains(t, strings.ToLower(r.URL), "script:", "%q", u)
		require.NotContains(t, strings.ToLower(r.URL), "data:", "%q", u)
		require.NotRegexp(t, `(?i)href="\s*(javascript|vbscript|data):`, r.Message)
	}
	d := SampleData()
	d.Alerts = d.Alerts[:1]
	d.Alerts[0].Annotations = template.KV{"runbook_url": "https://runbooks.example.com/x", "summary": "s"}
	d.Data = Restrict(d.Data, d.Alerts)
	require.Equal(t, "https://runbooks.example.com/x", tm.Render(DefaultSpec(), d).URL)
}
