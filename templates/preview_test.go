package templates

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestWritePreview(t *testing.T) {
	tm := newTestTemplates(t)
	var items []PreviewItem
	for _, p := range payloadFiles(t) {
		for _, f := range []Format{FormatHTML, FormatMonospace} {
			spec := DefaultSpec()
			spec.Format = f
			items = append(items, PreviewItem{Name: p[0], Route: "default", Recipient: "oncall", Priority: "emergency", Rendered: tm.Render(spec, readPayload(t, p[1]))})
		}
	}
	items = append(items, PreviewItem{Name: "hostile", Rendered: Rendered{
		Format: FormatHTML, Title: "<script>x</script>", URL: "javascript:alert(1)",
		Message: `<b>ok</b><script>alert(1)</script><a href="javascript:alert(2)">x</a><img src=x onerror=alert(3)>`,
	}})
	var b bytes.Buffer
	require.NoError(t, WritePreview(&b, items))
	page := b.String()
	for _, want := range []string{
		`<font color="#d32f2f"><b>CRITICAL</b></font> p99 latency above 2s on api-1`,
		"🔥 FIRING 300 · TargetDown · prod-ap",
		"&lt;script&gt;x&lt;/script&gt;",
	} {
		require.True(t, strings.Contains(page, want), "preview lacks %q", want)
	}
	for _, bad := range []string{"<script>", `href="javascript`, "<img"} {
		require.False(t, strings.Contains(page, bad), "preview has %q", bad)
	}
	if *update {
		require.NoError(t, os.WriteFile(filepath.Join("testdata", "preview.html"), b.Bytes(), 0o644))
	}
}
