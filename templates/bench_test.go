package templates

import (
	"testing"
)

// BenchmarkRender renders and fits the first notification and the
// 300-alert storm with the default HTML templates.
func BenchmarkRender(b *testing.B) {
	tm := newTestTemplates(b)
	for _, bc := range []struct{ name, path string }{
		{"01-firing-first", testdataDirs[0] + "/01-firing-first.json"},
		{"06-storm-truncated", testdataDirs[0] + "/06-storm-truncated.json"},
	} {
		d := readPayload(b, bc.path)
		b.Run(bc.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if r := tm.Render(DefaultSpec(), d); r.Err != nil {
					b.Fatal(r.Err)
				}
			}
		})
	}
}
