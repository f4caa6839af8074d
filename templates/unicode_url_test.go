package templates

import (
	"strings"
	"testing"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

// oneAlert is the sample data with one alert and these labels and
// annotations added.
func oneAlert(labels, annotations map[string]string) *Data {
	d := SampleData()
	d.Alerts = d.Alerts[:1]
	for k, v := range labels {
		d.Alerts[0].Labels[k] = v
	}
	d.Alerts[0].Annotations = template.KV{"summary": "s"}
	for k, v := range annotations {
		d.Alerts[0].Annotations[k] = v
	}
	d.Data = Restrict(d.Data, d.Alerts)
	return d
}

// TestURLSpacesAreEncoded (issue 10, item 9): a space inside a rendered URL
// is percent-encoded, never deleted.
func TestURLSpacesAreEncoded(t *testing.T) {
	tm := newTestTemplates(t)
	d := oneAlert(nil, map[string]string{"runbook_url": " https://wiki.example.com/OPS/Disk Full\t"})
	r := tm.Render(DefaultSpec(), d)
	require.NoError(t, r.Err)
	require.Equal(t, "https://wiki.example.com/OPS/Disk%20Full", r.URL)

	spec := DefaultSpec()
	spec.URL = `{{ .ExternalURL }}/OPS/{{ .CommonLabels.alertname }} Full`
	r = tm.Render(spec, d)
	require.NoError(t, r.Err)
	require.True(t, strings.HasSuffix(r.URL, "/OPS/"+d.CommonLabels["alertname"]+"%20Full"), r.URL)

	spec.Message = `<a href="https://wiki.example.com/OPS/Disk Full">runbook</a>`
	r = tm.Render(spec, d)
	require.NoError(t, r.Err)
	require.Contains(t, r.Message, `href="https://wiki.example.com/OPS/Disk%20Full"`)
}

// TestBidiControlsAreNeutralised (issue 10, item 10): the characters that
// reorder text on screen never reach a title or a message, in any format.
func TestBidiControlsAreNeutralised(t *testing.T) {
	tm := newTestTemplates(t)
	bidi := []string{"\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068", "\u2069",
		"\u200E", "\u200F", "\u061C"}
	evil := "db" + strings.Join(bidi, "x") + "down"
	for _, format := range []Format{FormatHTML, FormatText, FormatMonospace} {
		d := oneAlert(map[string]string{"alertname": evil, "instance": evil},
			map[string]string{"summary": evil, "runbook_url": "https://x.example/" + evil})
		spec := DefaultSpec()
		spec.Format = format
		r := tm.Render(spec, d)
		require.NoError(t, r.Err)
		for _, c := range bidi {
			require.NotContains(t, r.Title, c, "%s title %+q", format, c)
			require.NotContains(t, r.Message, c, "%s message %+q", format, c)
			require.NotContains(t, r.URL, c, "%s url %+q", format, c)
			require.NotContains(t, r.URLTitle, c, "%s url_title %+q", format, c)
		}
		require.Contains(t, r.Message, "dbx", "the text around them stays")
	}
}
