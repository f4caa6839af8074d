package templates

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files in testdata/golden")

// TestGolden renders every captured payload (testdata/ at the repository root) with the default templates in
// each format and compares with testdata/golden. Run with -update to rewrite
// them, then read them as the person on call would.
func TestGolden(t *testing.T) {
	tm := newTestTemplates(t)
	for _, p := range payloadFiles(t) {
		for _, format := range []Format{FormatHTML, FormatMonospace, FormatText} {
			name := p[0] + "." + string(format)
			t.Run(name, func(t *testing.T) {
				spec := DefaultSpec()
				spec.Format = format
				r := tm.Render(spec, readPayload(t, p[1]))
				require.NoError(t, r.Err)
				requirePushoverValid(t, r)
				if format != FormatHTML {
					require.NotRegexp(t, `<(font|a|i)[ >]`, r.Message, "HTML leaked into %s (the payload itself has <b>)", format)
				}
				got := goldenText(r)
				path := filepath.Join("testdata", "golden", name+".golden")
				if *update {
					require.NoError(t, os.MkdirAll(filepath.Dir(path), 0o755))
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test ./templates -run TestGolden -update")
				require.Equal(t, string(want), got)
			})
		}
	}
}

// goldenText shows a Rendered as a person reads it, fields first, message last.
func goldenText(r Rendered) string {
	var b strings.Builder
	fmt.Fprintf(&b, "title: %s\n", r.Title)
	fmt.Fprintf(&b, "url: %s\n", r.URL)
	fmt.Fprintf(&b, "url_title: %s\n", r.URLTitle)
	fmt.Fprintf(&b, "format: %s\n", r.Format)
	fmt.Fprintf(&b, "timestamp: %s\n", r.Timestamp.UTC().Format(time.RFC3339))
	fmt.Fprintf(&b, "truncated: %v dropped: %d\n", r.Truncated, r.Dropped)
	fmt.Fprintf(&b, "message (%d runes):\n%s\n", runes(r.Message), r.Message)
	return b.String()
}
