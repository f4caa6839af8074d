package templates

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

// hostile are values that have broken message renderers.
var hostile = []string{
	"", "<script>alert(1)</script>", "a & b &amp; &#x1F6A8; &bogus; &", `"><b>`, "</b></i></font></a>",
	"\x00\x01\x1b[31m\r\n\u2028\u202e", "\xff\xfe invalid", "🚨🔥👩‍👩‍👧‍👦 ÄÖÜ 漢字",
	strings.Repeat("x", 3000), strings.Repeat("&<>", 500), strings.Repeat("🚨", 1100),
}

// addSeeds seeds f from the captured payloads with each hostile value.
func addSeeds(f *testing.F, add func(payload []byte, i int, value string)) {
	for _, dir := range testdataDirs {
		files, err := os.ReadDir(dir)
		require.NoError(f, err)
		for i, e := range files {
			b, err := os.ReadFile(dir + "/" + e.Name())
			require.NoError(f, err)
			add(b, i, hostile[i%len(hostile)])
		}
	}
	b, err := os.ReadFile(testdataDirs[0] + "/01-firing-first.json")
	require.NoError(f, err)
	for i, h := range hostile {
		add(b, i, h)
	}
}

// FuzzRender renders the default templates on a captured payload whose
// labels and annotations are replaced with fuzzed values and whose alerts
// are repeated, in every format: the result must always be valid for Pushover.
func FuzzRender(f *testing.F) {
	addSeeds(f, func(payload []byte, i int, value string) {
		f.Add(payload, value, value+"2", uint16(i*37))
	})
	tm := newTestTemplates(f)
	f.Fuzz(func(t *testing.T, payload []byte, label, annotation string, n uint16) {
		d, err := decodePayload(payload)
		if err != nil {
			t.Skip()
		}
		renderSpoiled(t, tm, d, label, annotation, int(n))
	})
}

// renderSpoiled renders d, spoiled with the fuzzed values, in every format
// and requires each result to be valid for Pushover.
func renderSpoiled(t *testing.T, tm *Templates, d *Data, label, annotation string, n int) {
	d.Alerts = spoil(d.Alerts, label, annotation, n%130)
	d.GroupLabels = template.KV{"alertname": label, label: annotation}
	d.ExternalURL = annotation
	d.TruncatedAlerts = n % 7
	d.Data = Restrict(d.Data, d.Alerts)
	for _, format := range []Format{FormatHTML, FormatMonospace, FormatText} {
		spec := DefaultSpec()
		spec.Format = format
		r := tm.Render(spec, d)
		require.NoError(t, r.Err)
		requirePushoverValid(t, r)
	}
}

// spoil returns n alerts made from alerts, each with label and annotation
// values set to the fuzzed ones (and numbered, so that they differ).
func spoil(alerts template.Alerts, label, annotation string, n int) template.Alerts {
	if len(alerts) == 0 {
		alerts = SampleData().Alerts
	}
	out := make(template.Alerts, 0, n)
	for i := 0; i < n; i++ {
		a := alerts[i%len(alerts)]
		a.Labels = copyKV(a.Labels)
		a.Annotations = copyKV(a.Annotations)
		a.Labels["instance"] = fmt.Sprint(label, i)
		a.Labels[label] = annotation
		a.Annotations["summary"] = annotation
		a.Annotations["description"] = label
		a.Annotations["runbook_url"] = annotation
		a.GeneratorURL = label
		out = append(out, a)
	}
	return out
}

func copyKV(kv template.KV) template.KV {
	c := make(template.KV, len(kv))
	for k, v := range kv {
		c[k] = v
	}
	return c
}

// FuzzFit feeds any HTML a user template might emit (through safeHtml)
// into the fitter, repeated over n alerts, and the HTML truncator at any
// limit: the output is within the limit, well-formed Pushover HTML, valid
// UTF-8 and not empty.
func FuzzFit(f *testing.F) {
	addSeeds(f, func(payload []byte, i int, value string) {
		f.Add(string(payload), uint16(i*101), value)
	})
	f.Add(`<b>a<i>b</b>c</i><font color="#aabbcc">d<a href="https://x?a&b">e`, uint16(17), "<br>")
	tm := newTestTemplates(f)
	spec := Spec{
		Title:   `{{ .CommonAnnotations.raw }}`,
		Message: `{{ range .Alerts }}{{ .Annotations.raw | safeHtml }}{{ end }}`,
		URL:     `{{ .CommonAnnotations.raw }}`, URLTitle: `{{ .CommonAnnotations.raw }}`,
		Format: FormatHTML,
	}
	f.Fuzz(func(t *testing.T, body string, n uint16, extra string) {
		limit := int(n % 1100)
		got, _ := truncateHTML(sanitizeHTML(body+extra), limit)
		require.LessOrEqual(t, utf8.RuneCountInString(got), max(limit, 1))
		require.NoError(t, checkPushoverHTML(got), "%q", got)
		require.True(t, utf8.ValidString(got))

		d := SampleData()
		d.Alerts = spoil(d.Alerts, extra, body, int(n%30))
		for i := range d.Alerts {
			d.Alerts[i].Annotations["raw"] = body + extra
		}
		d.Data = Restrict(d.Data, d.Alerts)
		r := tm.Render(spec, d)
		require.NoError(t, r.Err)
		requirePushoverValid(t, r)
	})
}
