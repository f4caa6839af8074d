package pushover

import (
	"fmt"
	"html"
	"strings"
	"unicode/utf8"
)

// maxDigestTitleRunes bounds each folded title within a digest's text.
const maxDigestTitleRunes = 100

// digestMessage folds ms (two or more, to the same users and devices)
// into one message: "12 alert groups: <title 1>, <title 2>, …, and N
// more", within MaxMessageRunes, in the first message's format (HTML or
// plain), at the highest of their priorities (never emergency) with the
// sound of the first message at that priority. One message is sent as is.
func digestMessage(ms []*Message) *Message {
	if len(ms) == 1 {
		return ms[0]
	}
	first := ms[0]
	d := &Message{Users: first.Users, Devices: first.Devices, HTML: first.HTML, Priority: PriorityLowest,
		Title: fmt.Sprintf("%d alert groups", len(ms))}
	for _, m := range ms {
		if p := min(m.Priority, PriorityHigh); p > d.Priority || d.Sound == "" && p == d.Priority {
			d.Priority, d.Sound = p, m.Sound
		}
	}
	d.Message = digestText(ms, d.HTML)
	return d
}

// digestText lists the titles of ms while they fit.
func digestText(ms []*Message, asHTML bool) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%d alert groups: ", len(ms))
	for i, m := range ms {
		t := digestTitle(m, asHTML)
		sep := ""
		if i > 0 {
			sep = ", "
		}
		more := ""
		if rest := len(ms) - i - 1; rest > 0 {
			more = fmt.Sprintf(", and %d more", rest)
		}
		if utf8.RuneCountInString(b.String())+utf8.RuneCountInString(sep+t+more) > MaxMessageRunes {
			fmt.Fprintf(&b, ", and %d more", len(ms)-i)
			break
		}
		b.WriteString(sep + t)
	}
	return b.String()
}

// digestTitle is a message's title (or its first line), shortened, and
// escaped for an HTML digest.
func digestTitle(m *Message, asHTML bool) string {
	t := strings.TrimSpace(m.Title)
	if t == "" {
		t, _, _ = strings.Cut(strings.TrimSpace(m.Message), "\n")
		if m.HTML {
			t = stripTags(t)
		}
	}
	if t == "" {
		t = "(untitled)"
	}
	if r := []rune(t); len(r) > maxDigestTitleRunes {
		t = string(r[:maxDigestTitleRunes-1]) + "…"
	}
	if asHTML {
		t = html.EscapeString(t)
	}
	return t
}

// stripTags drops what lies between < and > (a first line of HTML).
func stripTags(s string) string {
	var b strings.Builder
	in := false
	for _, r := range s {
		switch {
		case r == '<':
			in = true
		case r == '>':
			in = false
		case !in:
			b.WriteRune(r)
		}
	}
	return html.UnescapeString(strings.TrimSpace(b.String()))
}
