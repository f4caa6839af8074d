package templates

import (
	"strings"

	"golang.org/x/net/html"
)

// Pushover's HTML is a small subset: <b>, <i>, <u>, <font color="#rrggbb">
// and <a href="…">, plain text with entities, newlines for line breaks.
// sanitizeHTML rewrites any HTML into that subset's canonical form: known
// tags kept (strong and em as b and i), block tags and <br> turned into
// newlines, every other tag dropped, unbalanced tags closed or dropped,
// text re-escaped with &amp; &lt; &gt; only. fitHTML then cuts it.

type tokKind int

const (
	tokText tokKind = iota
	tokOpen
	tokClose
)

// token is a piece of canonical HTML: decoded text, or a tag.
type token struct {
	kind tokKind
	tag  string // tag name, for tokOpen and tokClose
	attr string // the escaped attribute, e.g. ` href="…"`, for tokOpen
	text string // decoded text, for tokText
}

func (tk token) String() string {
	switch tk.kind {
	case tokOpen:
		return "<" + tk.tag + tk.attr + ">"
	case tokClose:
		return "</" + tk.tag + ">"
	}
	return escapeText(tk.text)
}

var (
	textEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;")
	attrEscaper = strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&quot;")
	safeSchemes = []string{"http://", "https://", "mailto:", "tel:", "sms:"}
)

func escapeText(s string) string { return textEscaper.Replace(s) }

// openEntry is an element open while parsing; emitted is false for tags
// that were dropped but whose end tag must still be matched.
type openEntry struct {
	tag     string
	emitted bool
}

// htmlParser turns HTML into canonical tokens.
type htmlParser struct {
	toks  []token
	stack []openEntry
	skip  string // inside <script> or <style>: drop text until its end tag
}

// parseHTML tokenizes s into canonical tokens with every element closed.
func parseHTML(s string) []token {
	p := &htmlParser{}
	z := html.NewTokenizer(strings.NewReader(s))
	for {
		switch z.Next() {
		case html.ErrorToken:
			p.closeAll()
			return p.toks
		case html.TextToken:
			if p.skip == "" {
				p.text(cleanText(string(z.Text())))
			}
		case html.StartTagToken:
			p.start(z, false)
		case html.SelfClosingTagToken:
			p.start(z, true)
		case html.EndTagToken:
			name, _ := z.TagName()
			p.end(string(name))
		}
	}
}

// sanitizeHTML returns s in canonical Pushover HTML, tidied.
func sanitizeHTML(s string) string {
	return tidy(serialize(parseHTML(s)))
}

func serialize(toks []token) string {
	var b strings.Builder
	for _, tk := range toks {
		b.WriteString(tk.String())
	}
	return b.String()
}

func (p *htmlParser) text(s string) {
	if s == "" {
		return
	}
	if n := len(p.toks); n > 0 && p.toks[n-1].kind == tokText {
		p.toks[n-1].text += s
		return
	}
	p.toks = append(p.toks, token{kind: tokText, text: s})
}

func (p *htmlParser) start(z *html.Tokenizer, selfClosing bool) {
	name, hasAttr := z.TagName()
	tag := canonicalTag(string(name))
	var attrs tagAttrs // only the two attributes kept are read: no map per tag
	for hasAttr {
		var k, v []byte
		k, v, hasAttr = z.TagAttr()
		attrs.set(tag, k, v)
	}
	switch tag {
	case "script", "style":
		if !selfClosing {
			p.skip = tag
		}
		return
	case "br":
		p.text("\n")
		return
	case "li":
		p.text("\n• ")
		return
	}
	if isBlock(tag) {
		p.text("\n")
		return
	}
	if selfClosing {
		return
	}
	attr, ok := allowedAttr(tag, attrs)
	if !ok || (tag == "a" && p.inside("a")) {
		if tag != "" {
			p.stack = append(p.stack, openEntry{tag: tag})
		}
		return
	}
	p.toks = append(p.toks, token{kind: tokOpen, tag: tag, attr: attr})
	p.stack = append(p.stack, openEntry{tag: tag, emitted: true})
}

// allowedAttr says whether tag is in Pushover's subset and returns its
// canonical attribute.
func allowedAttr(tag string, attrs tagAttrs) (string, bool) {
	switch tag {
	case "b", "i", "u":
		return "", true
	case "font":
		c := strings.TrimSpace(attrs.color)
		if !isColor(c) {
			return "", false
		}
		return ` color="` + strings.ToLower(c) + `"`, true
	case "a":
		href := cleanURL(attrs.href)
		if !safeURL(href) {
			return "", false
		}
		return ` href="` + attrEscaper.Replace(href) + `"`, true
	}
	return "", false
}

// tagAttrs are the attributes a kept tag may carry; the last of each name
// wins, as a map of them did.
type tagAttrs struct{ color, href string }

func (a *tagAttrs) set(tag string, k, v []byte) {
	switch {
	case tag == "font" && string(k) == "color":
		a.color = string(v)
	case tag == "a" && string(k) == "href":
		a.href = string(v)
	}
}

// isColor reports whether c is #rrggbb.
func isColor(c string) bool {
	if len(c) != 7 || c[0] != '#' {
		return false
	}
	for i := 1; i < 7; i++ {
		switch b := c[i]; {
		case b >= '0' && b <= '9', b >= 'a' && b <= 'f', b >= 'A' && b <= 'F':
		default:
			return false
		}
	}
	return true
}

func safeURL(u string) bool {
	l := strings.ToLower(u)
	for _, s := range safeSchemes {
		if strings.HasPrefix(l, s) && len(l) > len(s) {
			return true
		}
	}
	return false
}

func (p *htmlParser) end(name string) {
	tag := canonicalTag(name)
	if tag == p.skip && tag != "" {
		p.skip = ""
		return
	}
	if p.skip != "" {
		return
	}
	if isBlock(tag) || tag == "li" {
		p.text("\n")
		return
	}
	for i := len(p.stack) - 1; i >= 0; i-- {
		if p.stack[i].tag == tag {
			p.closeTo(i)
			return
		}
	}
}

// closeTo closes the open elements from the top of the stack down to i.
func (p *htmlParser) closeTo(i int) {
	for j := len(p.stack) - 1; j >= i; j-- {
		if e := p.stack[j]; e.emitted {
			p.toks = append(p.toks, token{kind: tokClose, tag: e.tag})
		}
	}
	p.stack = p.stack[:i]
}

func (p *htmlParser) closeAll() { p.closeTo(0) }

func (p *htmlParser) inside(tag string) bool {
	for _, e := range p.stack {
		if e.tag == tag && e.emitted {
			return true
		}
	}
	return false
}

func canonicalTag(name string) string {
	switch name {
	case "strong":
		return "b"
	case "em":
		return "i"
	}
	return name
}

func isBlock(tag string) bool {
	switch tag {
	case "p", "div", "tr", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "blockquote", "hr":
		return true
	}
	return false
}
