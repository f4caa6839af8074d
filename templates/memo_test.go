package templates

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestPersonal(t *testing.T) {
	tm := newTestTemplates(t, "testdata/personal.tmpl")
	for _, tc := range []struct {
		name, text string
		want       bool
	}{
		{"default title", `{{ template "pushover.title" . }}`, false},
		{"default message", `{{ template "pushover.message" . }}`, false},
		{"default url", `{{ template "pushover.url" . }}`, false},
		{"recipient", `{{ .Recipient }}`, true},
		{"route in a pipeline", `{{ if eq .Route "x" }}a{{ end }}`, true},
		{"priority via $", `{{ range .Alerts }}{{ $.Priority }}{{ end }}`, true},
		{"the whole data printed", `{{ . }}`, true},
		{"the whole data to a function", `{{ printf "%v" . }}`, true},
		{"the whole data in a variable", `{{ $d := . }}{{ $d.Status }}`, true},
		{"an alert printed", `{{ range .Alerts }}{{ . }}{{ end }}`, false},
		{"with changes dot", `{{ with .CommonLabels }}{{ . }}{{ end }}`, false},
		{"a user template reading the recipient", `{{ template "user.personal" . }}`, true},
		{"a user template given the alerts only", `{{ template "user.alerts" .Alerts }}`, false},
		{"a user template given the data", `{{ template "user.alerts" . }}`, true},
		{"an unknown template", `{{ template "nope" . }}`, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			for _, html := range []bool{false, true} {
				c, err := tm.compile(tc.text, html)
				require.NoError(t, err)
				require.Equal(t, tc.want, c.personal(), "html %v", html)
				tm.release(tc.text, html, c)
			}
		})
	}
}

// TestMemoSharesBetweenRecipients renders one group for two recipients
// with a Memo: the default templates are rendered once and both get the
// same message; a template that names the recipient is rendered for each.
func TestMemoSharesBetweenRecipients(t *testing.T) {
	tm := newTestTemplates(t)
	for _, tc := range []struct {
		name    string
		spec    Spec
		renders int
	}{
		{"default templates", DefaultSpec(), 1},
		{"title names the recipient", Spec{Title: "for {{ .Recipient }}", Message: "m"}, 2},
	} {
		t.Run(tc.name, func(t *testing.T) {
			memo := NewMemo()
			a, b := syntheticGroup(3), syntheticGroup(3)
			b.Data = a.Data
			a.Memo, b.Memo = memo, memo
			a.Recipient, b.Recipient, b.Route, b.Priority = "oncall", "team", "team", "high"
			ra, rb := tm.Render(tc.spec, a), tm.Render(tc.spec, b)
			require.Len(t, memo.m, tc.renders)
			require.Equal(t, tc.renders == 1, ra.Title == rb.Title)
			require.Equal(t, tm.Render(tc.spec, &Data{Data: b.Data, GroupKey: b.GroupKey, Recipient: "team", Route: "team",
				Priority: "high"}), rb, "what the Memo gives is what rendering gives")
		})
	}
}

// TestMemoKeepsEscalationsApart: a message that says the group escalates
// (or which level was acknowledged) is never shared with one that does not.
func TestMemoKeepsEscalationsApart(t *testing.T) {
	tm := newTestTemplates(t)
	spec := Spec{Title: "t", Message: `{{ with .Escalation }}level {{ .Level }}{{ else }}calm{{ end }}` +
		`{{ with .Acknowledged }} ack {{ .Level }}{{ end }}`, Format: FormatText}
	memo := NewMemo()
	a, b, c := syntheticGroup(2), syntheticGroup(2), syntheticGroup(2)
	b.Data, c.Data = a.Data, a.Data
	a.Memo, b.Memo, c.Memo = memo, memo, memo
	b.Escalation = &Escalation{Level: 2, Missed: []string{"alice"}}
	c.Acknowledged = &Acknowledgement{By: "bob", Level: 2}
	require.Equal(t, "calm", tm.Render(spec, a).Message)
	require.Equal(t, "level 2", tm.Render(spec, b).Message)
	require.Equal(t, "calm ack 2", tm.Render(spec, c).Message)
	require.Len(t, memo.m, 3)
}
