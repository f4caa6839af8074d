package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

func firstPayload(t *testing.T) *Data {
	return readPayload(t, "../testdata/alertmanager-0.34.2/01-firing-first.json")
}

func TestAlertmanagerFunctionsWork(t *testing.T) {
	tm := newTestTemplates(t)
	d := firstPayload(t)
	d.RouteLabels = template.KV{"team": "api"}
	for _, tc := range []struct{ name, text, want string }{
		{"subject", `{{ template "__subject" . }}`, `[FIRING:2] HighLatency prod-eu (api critical)`},
		{"alertmanagerURL", `{{ template "__alertmanagerURL" . }}`, `http://vm:19093/#/alerts?receiver=pushover-bridge`},
		{"toUpper", `{{ .CommonLabels.alertname | toUpper }}`, `HIGHLATENCY`},
		{"join", `{{ .GroupLabels.Values | join "/" }}`, `HighLatency/prod-eu`},
		{"reReplaceAll", `{{ reReplaceAll ":.*" "" (index .Alerts 0).Labels.instance }}`, `api-1`},
		{"routeLabels", `{{ routeLabels "team" }}`, `api`},
		{"bridge fields", `{{ .Route }} {{ .Recipient }} {{ .Priority }} {{ .TruncatedAlerts }}`, `default oncall high 0`},
		{"now is the clock", `{{ now.Format "15:04" }} {{ (since (index .Alerts 0).StartsAt).Minutes | printf "%.0f" }}`, `11:12 65`},
		{"age", `{{ age (index .Alerts 0).StartsAt }}`, `1h 4m`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tm.Text(tc.text, d)
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestEscaping(t *testing.T) {
	tm := newTestTemplates(t)
	d := firstPayload(t)
	d.Alerts[0].Labels["instance"] = `<script>alert("x")</script> & co`
	spec := Spec{
		Title:   `{{ (index .Alerts 0).Labels.instance }}`,
		Message: `<b>{{ (index .Alerts 0).Labels.instance }}</b> {{ .CommonAnnotations.nothing }}{{ (index .Alerts 0).Annotations.description }}`,
		Format:  FormatHTML,
	}
	r := tm.Render(spec, d)
	require.NoError(t, r.Err)
	require.Equal(t, `<b>&lt;script&gt;alert("x")&lt;/script&gt; &amp; co</b> The &lt;b&gt;API&lt;/b&gt; p99 latency is 3.2s &amp; rising`, r.Message)
	require.Equal(t, `<script>alert("x")</script> & co`, r.Title, "titles are text")

	spec.Format = FormatText
	r = tm.Render(spec, d)
	require.Equal(t, `<b><script>alert("x")</script> & co</b> The <b>API</b> p99 latency is 3.2s & rising`, r.Message, "text is text")
}

func TestSanitizeHTML(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"allowed kept", `<b>a</b><i>b</i><u>c</u><font color="#FF0000">d</font><a href="https://x">e</a>`, `<b>a</b><i>b</i><u>c</u><font color="#ff0000">d</font><a href="https://x">e</a>`},
		{"strong and em", `<strong>a</strong><em>b</em>`, `<b>a</b><i>b</i>`},
		{"br and p are newlines", `a<br>b<br/>c<p>d</p>e`, "a\nb\nc\nd\ne"},
		{"unknown tags dropped", `<span class="x">a</span><img src=x>b`, `ab`},
		{"script dropped with content", `a<script>alert(1)</script>b`, `ab`},
		{"unclosed closed", `<b>a<i>b`, `<b>a<i>b</i></b>`},
		{"misnested", `<b>a<i>b</b>c</i>`, `<b>a<i>b</i></b>c`},
		{"stray end tag", `a</b>b`, `ab`},
		{"bad colour", `<font color="red">a</font>`, `a`},
		{"javascript href", `<a href="javascript:alert(1)">a</a>`, `a`},
		{"nested a", `<a href="https://x">a<a href="https://y">b</a>c</a>`, `<a href="https://x">abc</a>`},
		{"entities canonical", `&quot;&#39;&#43;&eacute;&amp;&lt;`, `"'+é&amp;&lt;`},
		{"bare ampersand", `a & b < c > d`, `a &amp; b &lt; c &gt; d`},
		{"href escaped", `<a href="https://x/?a=1&b=&quot;">a</a>`, `<a href="https://x/?a=1&amp;b=&quot;">a</a>`},
		{"control characters", "a\x00b\x07c\r\nd", "abc\nd"},
		{"blank lines", "a   \n\n\n\n b", "a\n\n b"},
		{"invalid utf-8", "a\xffb", "a\uFFFDb"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := sanitizeHTML(tc.in)
			require.Equal(t, tc.want, got)
			require.NoError(t, checkPushoverHTML(got))
		})
	}
}

func TestTruncateHTML(t *testing.T) {
	for _, tc := range []struct {
		name  string
		in    string
		limit int
		want  string
	}{
		{"fits", `<b>abc</b>`, 10, `<b>abc</b>`},
		{"cut inside element closes it", `<b>abcdefghij</b>`, 12, `<b>abcd…</b>`},
		{"never inside an entity", `a&amp;&amp;&amp;`, 8, `a&amp;…`},
		{"empty element dropped", `abcdef<b>ghij</b>`, 8, `abcdef…`},
		{"multi-byte kept whole", `ÄÖÜ🚨🚨🚨🚨`, 5, `ÄÖÜ🚨…`},
		{"word boundary", `hello world again`, 14, `hello world…`},
		{"nested", `<b><i>abcdefgh</i></b>`, 20, `<b><i>abcde…</i></b>`},
		{"link not cut open", `x <a href="https://example.com/very/long">link</a>`, 30, `x…`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, _ := truncateHTML(tc.in, tc.limit)
			require.Equal(t, tc.want, got)
			require.LessOrEqual(t, runes(got), tc.limit)
			require.NoError(t, checkPushoverHTML(got))
		})
	}
}

func TestTruncateText(t *testing.T) {
	for _, tc := range []struct {
		in    string
		limit int
		want  string
	}{
		{"short", 10, "short"},
		{"0123456789", 5, "0123…"},
		{"🚨🚨🚨🚨🚨🚨", 3, "🚨🚨…"},
		{"one two three", 10, "one two…"},
	} {
		t.Run(tc.in, func(t *testing.T) {
			got, cut := truncateText(tc.in, tc.limit)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.in != tc.want, cut)
		})
	}
}

func TestFitting(t *testing.T) {
	tm := newTestTemplates(t)
	t.Run("only alertmanager truncated", func(t *testing.T) {
		d := firstPayload(t)
		d.TruncatedAlerts = 3
		r := tm.Render(DefaultSpec(), d)
		require.Equal(t, 3, r.Dropped)
		require.Empty(t, r.Truncated)
		require.True(t, strings.HasSuffix(r.Message, "<i>… and 3 more</i>"), r.Message)
	})
	t.Run("one huge alert is cut", func(t *testing.T) {
		d := firstPayload(t)
		d.Alerts = d.Alerts[:1]
		d.Alerts[0].Annotations["summary"] = strings.Repeat("<&é🚨 ", 1000)
		r := tm.Render(DefaultSpec(), d)
		requirePushoverValid(t, r)
		require.Equal(t, []string{FieldMessage}, r.Truncated)
		require.Contains(t, r.Message, "…")
	})
	t.Run("long fields", func(t *testing.T) {
		d := firstPayload(t)
		spec := Spec{Title: strings.Repeat("t", 300), Message: "m", URL: "https://x/" + strings.Repeat("u", 600), URLTitle: "x", Format: FormatText}
		r := tm.Render(spec, d)
		requirePushoverValid(t, r)
		require.Equal(t, []string{FieldTitle, FieldURL}, r.Truncated)
		require.Empty(t, r.URL, "a cut URL is broken: drop it")
		require.Empty(t, r.URLTitle)
		spec.URL, spec.URLTitle = "https://x", strings.Repeat("ü", 200)
		r = tm.Render(spec, d)
		require.Equal(t, []string{FieldTitle, FieldURLTitle}, r.Truncated)
		require.Equal(t, 100, runes(r.URLTitle))
	})
	t.Run("empty message names the alert", func(t *testing.T) {
		for _, spec := range []Spec{
			{Message: " {{/* nothing */}} \n\t", Format: FormatText},
			{Message: ` {{/* nothing */}} <b> </b><br>`, Format: FormatHTML},
		} {
			r := tm.Render(spec, firstPayload(t))
			require.NoError(t, r.Err)
			require.Contains(t, r.Message, "HighLatency: (no details)")
		}
	})
	t.Run("timestamp is the oldest start", func(t *testing.T) {
		r := tm.Render(DefaultSpec(), firstPayload(t))
		require.Equal(t, time.Date(2026, 11, 22, 10, 7, 3, 503400958, time.UTC), r.Timestamp)
	})
}

func TestFallback(t *testing.T) {
	tm := newTestTemplates(t)
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "broken.tmpl"),
		[]byte(`{{ define "pushover.message" }}{{ .NoSuchField }}{{ end }}`), 0o644))
	broken := newTestTemplates(t, filepath.Join(dir, "*.tmpl"))

	for _, tc := range []struct {
		name  string
		tm    *Templates
		spec  Spec
		field string
	}{
		{"broken user template file", broken, DefaultSpec(), FieldMessage},
		{"runtime error", tm, Spec{Message: `{{ index .Alerts 5 }}`, Format: FormatHTML}, FieldMessage},
		{"parse error", tm, Spec{Message: `{{ if }}`}, FieldMessage},
		{"title", tm, Spec{Title: `{{ template "nope" . }}`, Message: "ok"}, FieldTitle},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := tc.tm.Render(tc.spec, firstPayload(t))
			var te *TemplateError
			require.ErrorAs(t, r.Err, &te)
			require.Equal(t, tc.field, te.Field)
			requirePushoverValid(t, r)
			if tc.field == FieldMessage {
				require.Equal(t, FormatText, r.Format, "the fallback is plain text")
				require.Contains(t, r.Message, "FIRING 2 · HighLatency · prod-eu")
				require.Contains(t, r.Message, "p99 latency above 2s on api-1")
				require.Contains(t, r.Message, "message template")
			} else {
				require.Equal(t, "FIRING 2 · HighLatency · prod-eu", r.Title)
			}
		})
	}
	t.Run("storm fallback fits", func(t *testing.T) {
		d := readPayload(t, "../testdata/alertmanager-0.34.2/06-storm-truncated.json")
		r := broken.Render(DefaultSpec(), d)
		require.Error(t, r.Err)
		requirePushoverValid(t, r)
		require.Greater(t, r.Dropped, 275)
		require.Contains(t, r.Message, "more")
	})
}

func TestCheck(t *testing.T) {
	tm := newTestTemplates(t)
	require.NoError(t, tm.Check(DefaultSpec()))
	for _, tc := range []struct {
		name string
		spec Spec
		want string
	}{
		{"parse", Spec{Title: `{{ .Status `}, "title template"},
		{"missing template", Spec{Message: `{{ template "nope" . }}`}, "message template"},
		{"missing field", Spec{URL: `{{ .Nope }}`}, "url template"},
		{"format", Spec{Format: "markdown"}, "unknown format"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tm.Check(tc.spec)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func TestUserTemplatesOverride(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "my.tmpl"),
		[]byte(`{{ define "pushover.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}`), 0o644))
	tm := newTestTemplates(t, filepath.Join(dir, "*.tmpl"), filepath.Join(dir, "none-*.tmpl"))
	r := tm.Render(DefaultSpec(), firstPayload(t))
	require.NoError(t, r.Err)
	require.Equal(t, "[FIRING] HighLatency", r.Title)

	_, err := New([]string{"[bad"})
	require.Error(t, err)
}

func TestAcknowledged(t *testing.T) {
	tm := newTestTemplates(t)
	d := firstPayload(t)
	d.Acknowledged = &Acknowledgement{By: "alice", Device: "iphone", At: testClock.Add(-4 * time.Minute)}
	for _, f := range []Format{FormatHTML, FormatText} {
		r := tm.Render(Spec{Message: `{{ template "pushover.message" . }}`, Format: f}, d)
		require.NoError(t, r.Err)
		require.Contains(t, r.Message, "Acknowledged")
		require.Contains(t, r.Message, "by alice on iphone, 4m ago")
	}
}

func TestRenderDoesNotModifyData(t *testing.T) {
	d := readPayload(t, "../testdata/alertmanager-0.34.2/06-storm-truncated.json")
	first := d.Alerts[0].Fingerprint
	newTestTemplates(t).Render(DefaultSpec(), d)
	require.Len(t, d.Alerts, 25)
	require.Equal(t, first, d.Alerts[0].Fingerprint)
	require.False(t, d.Compact)
	require.Empty(t, d.Format)
}

func TestConcurrentRender(t *testing.T) {
	tm := newTestTemplates(t)
	want := tm.Render(DefaultSpec(), firstPayload(t))
	done := make(chan Rendered)
	for range 8 {
		go func() {
			var r Rendered
			for range 20 {
				r = tm.Render(DefaultSpec(), firstPayload(t))
			}
			done <- r
		}()
	}
	for range 8 {
		require.Equal(t, want, <-done)
	}
}
