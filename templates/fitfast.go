package templates

import (
	"strings"
	tmpltext "text/template"
)

// The shortcuts of fitting with the embedded default message body, whose
// shape is known: see compactFirst and linesExact.

// linesExact reports whether the body of the first k alerts compact is
// exactly the first k lines of compactAll, so that guess needs no render
// to confirm: the embedded default body (compactFirst) shows each alert
// compact on its own line, and a line depends on the alerts before it only
// through $.Uniform (the same for every prefix when all alerts are
// uniform) and the age shown once for alerts of the same age (the same
// in a prefix). Not with an acknowledgement, whose header is a line more.
func (f *messageFitter) linesExact() bool {
	return f.compactFirst && f.compactAllFull && f.d.Acknowledged == nil && uniform(f.d.Alerts)
}

// compactFirstFrom is the number of alerts from which compactFirst holds:
// fewer alerts mostly fit in full.
const compactFirstFrom = 10

// compactFirst reports whether to render every alert compact before every
// alert in full: for the default message of the embedded templates (none
// of its parts redefined), with many alerts. Its compact body is never
// longer than its full one, so a compact body that does not fit saves
// rendering the full one, the costliest render of a storm.
func (t *Templates) compactFirst(text string, alerts int) bool {
	return t.defaultBody && alerts >= compactFirstFrom && text == DefaultSpec().Message
}

// bodyTrees is the text of the templates that make the default message
// body, to tell whether a user's file redefined one of them.
func bodyTrees(set *tmpltext.Template) string {
	var b strings.Builder
	for _, name := range []string{"pushover.message", "pushover.message.html", "pushover.message.text",
		"pushover.labels", "pushover.age"} {
		if tm := set.Lookup(name); tm != nil && tm.Tree != nil {
			b.WriteString(tm.Tree.Root.String())
		}
		b.WriteByte(0)
	}
	return b.String()
}
