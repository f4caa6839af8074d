package templates

import (
	"strings"
	"unicode"
)

// truncateHTML cuts canonical HTML to at most limit runes, ending with "…":
// never inside a tag or an entity, every element it opened closed, no
// element left empty. It returns s unchanged when it fits.
func truncateHTML(s string, limit int) (string, bool) {
	if runes(s) <= limit {
		return s, false
	}
	c := htmlCutter{budget: limit - 1} // room for "…"
	for _, tk := range parseHTML(s) {
		if !c.add(tk) {
			break
		}
	}
	return c.finish(), true
}

// htmlCutter collects tokens while they fit, reserving room for the end
// tags of the elements still open.
type htmlCutter struct {
	budget  int
	used    int // runes of out, end tags not counted
	closing int // runes of the end tags the open elements need
	out     []token
	open    []token
}

// add appends tk if it fits and reports whether to go on.
func (c *htmlCutter) add(tk token) bool {
	switch tk.kind {
	case tokOpen:
		end := runes(token{kind: tokClose, tag: tk.tag}.String())
		cost := runes(tk.String())
		if c.used+cost+c.closing+end+1 > c.budget { // and room for one rune of content
			return false
		}
		c.used += cost
		c.closing += end
		c.out = append(c.out, tk)
		c.open = append(c.open, tk)
	case tokClose:
		c.used += runes(tk.String())
		c.closing -= runes(tk.String())
		c.out = append(c.out, tk)
		c.open = c.open[:len(c.open)-1]
	case tokText:
		kept, all := c.fitText(tk.text)
		if kept != "" {
			c.out = append(c.out, token{kind: tokText, text: kept})
			c.used += runes(escapeText(kept))
		}
		return all
	}
	return true
}

// fitText returns the longest prefix of text that fits and whether that is all of it.
func (c *htmlCutter) fitText(text string) (string, bool) {
	room := c.budget - c.used - c.closing
	if runes(escapeText(text)) <= room {
		return text, true
	}
	r := []rune(text)
	n := 0
	for n < len(r) && room >= runes(escapeText(string(r[n]))) {
		room -= runes(escapeText(string(r[n])))
		n++
	}
	r = r[:n]
	if n < len([]rune(text)) {
		r = r[:wordCut(r)]
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace), false
}

// finish drops elements left empty, adds "…" and the end tags.
func (c *htmlCutter) finish() string {
	for len(c.out) > 0 {
		last := &c.out[len(c.out)-1]
		if last.kind == tokOpen {
			c.out = c.out[:len(c.out)-1]
			c.open = c.open[:len(c.open)-1]
			continue
		}
		if last.kind == tokText {
			if last.text = strings.TrimRightFunc(last.text, unicode.IsSpace); last.text == "" {
				c.out = c.out[:len(c.out)-1]
				continue
			}
		}
		break
	}
	var b strings.Builder
	for _, tk := range c.out {
		b.WriteString(tk.String())
	}
	b.WriteString("…")
	for i := len(c.open) - 1; i >= 0; i-- {
		b.WriteString(token{kind: tokClose, tag: c.open[i].tag}.String())
	}
	return b.String()
}
