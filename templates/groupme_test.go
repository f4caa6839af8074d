package templates

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
)

// TestGroupMeGolden renders every payload with the default GroupMe
// template, at high priority and as an emergency, and compares with
// testdata/golden/*.groupme*.golden. Run with -update to rewrite them.
func TestGroupMeGolden(t *testing.T) {
	tm := newTestTemplates(t)
	for _, p := range payloadFiles(t) {
		for _, priority := range []string{"high", "emergency"} {
			name := p[0] + ".groupme"
			if priority == "emergency" {
				name += "-emergency"
			}
			t.Run(name, func(t *testing.T) {
				d := readPayload(t, p[1])
				d.Priority = priority
				r := tm.RenderGroupMe(DefaultGroupMeSpec(), d)
				require.NoError(t, r.Err)
				require.LessOrEqual(t, utf8.RuneCountInString(r.Message()), groupme.MaxTextRunes)
				require.Equal(t, priority == "emergency" && d.Status == "firing", strings.HasPrefix(r.Title, "🚨 EMERGENCY "))
				require.Equal(t, d.Status == "resolved", strings.HasPrefix(r.Title, "✅ RESOLVED "))
				require.NotRegexp(t, `<(font|a|i)[ >]`, r.Message(), "no markup of the templates' own (the payload itself has <b>)")
				got := "dropped: " + itoa(r.Dropped) + "\n" + r.Message() + "\n"
				path := filepath.Join("testdata", "golden", name+".golden")
				if *update {
					require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
				}
				want, err := os.ReadFile(path)
				require.NoError(t, err, "run go test ./templates -run TestGroupMeGolden -update")
				require.Equal(t, string(want), got)
			})
		}
	}
}

// TestGroupMeStorm: a storm is fitted by dropping whole alerts and saying so.
func TestGroupMeStorm(t *testing.T) {
	tm := newTestTemplates(t)
	d := readPayload(t, "../testdata/alertmanager-0.34.2/06-storm-truncated.json")
	r := tm.RenderGroupMe(DefaultGroupMeSpec(), d)
	require.NoError(t, r.Err)
	require.True(t, r.Fitted)
	require.Equal(t, "🔥 FIRING 300 · TargetDown · prod-ap", r.Title, "the title counts the whole delivery")
	require.Greater(t, r.Dropped, d.TruncatedAlerts)
	require.Contains(t, r.Text, "… and "+itoa(r.Dropped)+" more")
}

// TestGroupMeOverride: users redefine groupme.text (or any part) in their
// own template files, or give a route its own template text.
func TestGroupMeOverride(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "my.tmpl")
	require.NoError(t, os.WriteFile(file, []byte(`{{ define "groupme.title" }}ROOM {{ .Status }}{{ end }}`), 0o644))
	tm := newTestTemplates(t, file)
	d := readPayload(t, "../testdata/alertmanager-0.34.2/01-firing-first.json")
	r := tm.RenderGroupMe(DefaultGroupMeSpec(), d)
	require.NoError(t, r.Err)
	require.True(t, strings.HasPrefix(r.Message(), "ROOM firing\n\n[CRITICAL]"), r.Message())

	r = tm.RenderGroupMe(GroupMeSpec{Text: `{{ len .Alerts }} alerts for {{ .Recipient }}`}, d)
	require.NoError(t, r.Err)
	require.Equal(t, "2 alerts for oncall", r.Message())
}

// TestGroupMeTemplateError: a failing template still yields a message,
// marked when it is an emergency, and the error names the template.
func TestGroupMeTemplateError(t *testing.T) {
	tm := newTestTemplates(t)
	d := readPayload(t, "../testdata/alertmanager-0.34.2/01-firing-first.json")
	d.Priority = "emergency"
	r := tm.RenderGroupMe(GroupMeSpec{Title: `{{ template "nope" . }}`, Text: `{{ template "nope" . }}`}, d)
	require.ErrorContains(t, r.Err, "groupme title template")
	require.ErrorContains(t, r.Err, "groupme text template")
	require.True(t, strings.HasPrefix(r.Title, "🚨 EMERGENCY FIRING"), r.Title)
	require.Contains(t, r.Text, "p99 latency above 2s")
	require.LessOrEqual(t, utf8.RuneCountInString(r.Message()), groupme.MaxTextRunes)

	require.NoError(t, tm.CheckGroupMe(DefaultGroupMeSpec()))
	require.Error(t, tm.CheckGroupMe(GroupMeSpec{Text: `{{ .Nope.Deeper }}`}))
	require.Error(t, tm.CheckGroupMe(GroupMeSpec{Title: `{{ if }}`}))
	require.True(t, strings.HasSuffix(tm.RenderGroupMe(GroupMeSpec{Text: "  "}, d).Text, ": (no details)"), "GroupMe requires text")
}
