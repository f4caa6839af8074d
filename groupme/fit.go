package groupme

import (
	"strconv"
	"strings"
	"unicode"
	"unicode/utf8"
)

// NoDetails stands in for text that is empty: GroupMe requires text.
const NoDetails = "(no details)"

// Fit fits plain text into MaxTextRunes; see FitN.
func Fit(text string) (fitted string, dropped int) { return FitN(text, MaxTextRunes) }

// FitN fits plain text into limit runes (limit at least 40). Text that
// fits is returned as it is (invalid UTF-8 removed, trailing space
// trimmed; empty text becomes NoDetails). Otherwise whole parts are dropped
// from the end, never the first, and "… and N more" says how many: the
// parts are the paragraphs (alerts, in the default templates) when the
// text has several, else its lines. Only when the first part alone does
// not fit is it cut, at a word boundary where one is near, ending in "…".
// dropped is the number of parts left out.
func FitN(text string, limit int) (fitted string, dropped int) {
	text = strings.TrimRightFunc(strings.ToValidUTF8(text, ""), unicode.IsSpace)
	if strings.TrimSpace(text) == "" {
		return NoDetails, 0
	}
	if runes(text) <= limit {
		return text, 0
	}
	parts, sep := split(text)
	for k := len(parts) - 1; k >= 1; k-- {
		s := strings.Join(parts[:k], sep) + sep + more(len(parts)-k)
		if runes(s) <= limit {
			return s, len(parts) - k
		}
	}
	tail := ""
	if n := len(parts) - 1; n > 0 {
		tail = "\n" + more(n)
	}
	return cut(parts[0], limit-runes(tail)) + tail, len(parts) - 1
}

func more(n int) string { return "… and " + strconv.Itoa(n) + " more" }

// split returns the paragraphs of text, or its lines when it has one
// paragraph, and the separator to join them again.
func split(text string) ([]string, string) {
	var paras []string
	for _, p := range strings.Split(text, "\n\n") {
		if p = strings.Trim(p, "\n"); p != "" {
			paras = append(paras, p)
		}
	}
	if len(paras) > 1 {
		return paras, "\n\n"
	}
	return strings.Split(paras[0], "\n"), "\n"
}

// cut shortens s to at most n runes ending in "…", at the last space in
// its final fifth when there is one.
func cut(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	r = r[:max(n-1, 0)]
	for i := len(r) - 1; i > len(r)*4/5; i-- {
		if unicode.IsSpace(r[i]) {
			r = r[:i]
			break
		}
	}
	return strings.TrimRightFunc(string(r), unicode.IsSpace) + "…"
}

func runes(s string) int { return utf8.RuneCountInString(s) }
