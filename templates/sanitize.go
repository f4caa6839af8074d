package templates

import (
	"fmt"
	"strings"
	"unicode"
	"unicode/utf8"
)

// cleanText makes s valid UTF-8 without control characters other than
// newline and tab, with \r\n and \r turned into \n, and without
// bidirectional controls (which could reorder a title on the phone).
func cleanText(s string) string {
	if !utf8.ValidString(s) {
		s = strings.ToValidUTF8(s, "\uFFFD")
	}
	s = strings.ReplaceAll(s, "\r\n", "\n")
	return strings.Map(func(r rune) rune {
		switch {
		case r == '\n' || r == '\t':
			return r
		case r == '\r' || r == '\u2028' || r == '\u2029':
			return '\n'
		case unicode.IsControl(r), r == '\uFEFF', isBidiControl(r):
			return -1
		}
		return r
	}, s)
}

// tidy trims each line's trailing blanks, keeps at most one empty line in a
// row and trims the whole. It only touches whitespace, so it is safe on
// canonical HTML, whose tags contain no newline.
func tidy(s string) string {
	lines := strings.Split(s, "\n")
	out, blank := lines[:0], false
	for _, l := range lines {
		if l = strings.TrimRight(l, " \t"); l == "" {
			blank = true
			continue
		}
		if blank && len(out) > 0 {
			out = append(out, "")
		}
		blank = false
		out = append(out, l)
	}
	return strings.TrimSpace(strings.Join(out, "\n"))
}

// isBidiControl reports the invisible characters that change the order
// in which text is shown (Trojan Source, CVE-2021-42574): the embeddings
// and overrides U+202A–U+202E, the isolates U+2066–U+2069, and the marks
// U+200E, U+200F and U+061C. Titles and messages drop them.
func isBidiControl(r rune) bool {
	return (r >= '\u202A' && r <= '\u202E') || (r >= '\u2066' && r <= '\u2069') ||
		r == '\u200E' || r == '\u200F' || r == '\u061C'
}

// cleanURL is a rendered URL as one token: trimmed, and every space or
// bidirectional control inside it percent-encoded, never deleted
// ("…/OPS/Disk Full" is "…/OPS/Disk%20Full").
func cleanURL(s string) string {
	s = strings.TrimSpace(strings.ToValidUTF8(s, "\uFFFD"))
	if !strings.ContainsFunc(s, urlEscaped) {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		if urlEscaped(r) {
			for _, c := range []byte(string(r)) {
				fmt.Fprintf(&b, "%%%02X", c)
			}
			continue
		}
		b.WriteRune(r)
	}
	return b.String()
}

// urlEscaped reports the runes cleanURL percent-encodes.
func urlEscaped(r rune) bool {
	return unicode.IsSpace(r) || unicode.IsControl(r) || isBidiControl(r) || r == '\uFEFF'
}

// oneLine is s cleaned and on one line, for titles.
func oneLine(s string) string {
	return strings.Join(strings.Fields(cleanText(s)), " ")
}

// runes counts the runes of s.
func runes(s string) int { return utf8.RuneCountInString(s) }

// truncateText cuts s to at most limit runes, ending with "…", preferring to
// cut between words. It returns s unchanged when it fits.
func truncateText(s string, limit int) (string, bool) {
	if runes(s) <= limit {
		return s, false
	}
	if limit <= 0 {
		return "", true
	}
	r := []rune(s)[:limit-1]
	r = r[:wordCut(r)]
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…", true
}

// wordCut returns where to cut r: after the last space if that loses at most
// a few runes, else at its end.
func wordCut(r []rune) int {
	const maxLoss = 16
	for i := len(r) - 1; i >= 0 && len(r)-i <= maxLoss; i-- {
		if unicode.IsSpace(r[i]) && i > 0 {
			return i
		}
	}
	return len(r)
}

// visible reports whether a body shows anything once tags are stripped.
func visible(body string, html bool) bool {
	if html {
		return anyText(parseHTML(body))
	}
	return strings.TrimSpace(body) != ""
}

// anyText reports whether toks hold text other than white space.
func anyText(toks []token) bool {
	for _, tk := range toks {
		if tk.kind == tokText && strings.TrimSpace(tk.text) != "" {
			return true
		}
	}
	return false
}
