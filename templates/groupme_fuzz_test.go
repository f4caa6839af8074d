package templates

import (
	"os"
	"testing"
	"unicode/utf8"

	"github.com/prometheus/alertmanager/template"
)

// FuzzRenderGroupMe renders the default GroupMe templates on a payload
// (from the repository's copies) spoiled with fuzzed label and annotation
// values and repeated alerts: the message always fits GroupMe's limit, is
// valid UTF-8, and its text is never empty.
func FuzzRenderGroupMe(f *testing.F) {
	for i, h := range hostile {
		for _, p := range []string{"01-firing-first", "04-all-resolved", "06-storm-truncated"} {
			b, err := os.ReadFile("../testdata/alertmanager-0.34.2/" + p + ".json")
			if err != nil {
				f.Fatal(err)
			}
			f.Add(b, h, h+"2", uint16(i*37), i%2 == 0)
		}
	}
	tm := newTestTemplates(f)
	f.Fuzz(func(t *testing.T, payload []byte, label, annotation string, n uint16, emergency bool) {
		d, err := decodePayload(payload)
		if err != nil {
			t.Skip()
		}
		d.Alerts = spoil(d.Alerts, label, annotation, int(n)%130)
		d.GroupLabels = template.KV{"alertname": label, label: annotation}
		if emergency {
			d.Priority = "emergency"
		}
		r := tm.RenderGroupMe(DefaultGroupMeSpec(), d)
		msg := r.Message()
		if r.Err != nil || utf8.RuneCountInString(msg) > 1000 || !utf8.ValidString(msg) || r.Text == "" {
			t.Fatalf("err %v, %d runes, valid %v: %q", r.Err, utf8.RuneCountInString(msg), utf8.ValidString(msg), msg)
		}
	})
}
