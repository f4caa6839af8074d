package templates

import (
	"strconv"
	"strings"
	"sync"
	tmpltext "text/template"
	"text/template/parse"
)

// Memo shares rendered messages between the notifications of one webhook:
// when two recipients get the same alerts with the same spec, and the
// templates do not read who the recipient is (.Recipient, .Route,
// .Priority: see personal), the message is rendered once. The pipeline
// makes one per webhook and sets it in each notification's Data; it is
// safe for concurrent use. A nil *Memo shares nothing.
type Memo struct {
	mu sync.Mutex
	m  map[string]Rendered
}

// NewMemo returns an empty Memo.
func NewMemo() *Memo { return &Memo{m: map[string]Rendered{}} }

func (m *Memo) get(key string) (Rendered, bool) {
	m.mu.Lock()
	defer m.mu.Unlock()
	r, ok := m.m[key]
	return r, ok
}

func (m *Memo) put(key string, r Rendered) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.m[key] = r
}

// clone is r with its own Truncated slice, so that one caller's change
// does not reach another's.
func (r Rendered) clone() Rendered {
	r.Truncated = append([]string(nil), r.Truncated...)
	return r
}

// memoKey is what a rendering of spec on d depends on within one webhook:
// the spec, the alerts shown (a fingerprint names the same alert within a
// webhook), the acknowledgement and, when a template reads them, the
// recipient's fields. ok is false when a template does not compile (the
// render reports that).
func (t *Templates) memoKey(spec Spec, d *Data) (string, bool) {
	personal, ok := t.personalSpec(spec)
	if !ok {
		return "", false
	}
	var b strings.Builder
	for _, s := range []string{spec.Title, spec.Message, spec.URL, spec.URLTitle, string(spec.Format), d.GroupKey} {
		b.WriteString(s)
		b.WriteByte(0)
	}
	b.WriteString(strconv.Itoa(d.TruncatedAlerts))
	if d.Data != nil {
		for _, a := range d.Alerts {
			b.WriteByte(0)
			b.WriteString(a.Fingerprint)
			b.WriteString(a.Status)
		}
	}
	if a := d.Acknowledged; a != nil {
		b.WriteString("\x00ack\x00" + a.By + "\x00" + a.Device + "\x00" + a.At.String() + "\x00" + strconv.Itoa(a.Level))
	}
	if e := d.Escalation; e != nil {
		b.WriteString("\x00esc\x00" + strconv.Itoa(e.Level) + "\x00" + strings.Join(e.Missed, ",") +
			"\x00" + strconv.Itoa(e.Next) + "\x00" + e.NextAt.String())
	}
	if personal {
		b.WriteString("\x00" + d.Route + "\x00" + d.Recipient + "\x00" + d.Priority)
	}
	return b.String(), true
}

// personalSpec reports whether any field's template is personal.
func (t *Templates) personalSpec(spec Spec) (personal, ok bool) {
	html := normalFormat(spec.Format) == FormatHTML
	for _, f := range []struct {
		text string
		html bool
	}{{spec.Title, false}, {spec.Message, html}, {spec.URL, false}, {spec.URLTitle, false}} {
		if f.text == "" {
			continue
		}
		c, err := t.compile(f.text, f.html)
		if err != nil {
			return false, false
		}
		p := c.personal()
		t.release(f.text, f.html, c)
		if p {
			return true, true
		}
	}
	return false, true
}

// personal reports whether c's template may depend on the recipient,
// computed once per compiled clone.
func (c *compiled) personal() bool {
	if c.personalKnown {
		return c.isPersonal
	}
	if c.html != nil {
		c.isPersonal = personal(c.html.Tree, func(name string) *parse.Tree {
			if t := c.html.Lookup(name); t != nil {
				return t.Tree
			}
			return nil
		})
	} else {
		c.isPersonal = personal(c.text.Tree, treeOf(c.text))
	}
	c.personalKnown = true
	return c.isPersonal
}

func treeOf(set *tmpltext.Template) func(string) *parse.Tree {
	return func(name string) *parse.Tree {
		if t := set.Lookup(name); t != nil {
			return t.Tree
		}
		return nil
	}
}
