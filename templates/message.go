package templates

import (
	"strconv"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// message is a fitted message body.
type message struct {
	text    string
	dropped int  // alerts not shown, Alertmanager's truncated ones included
	fitted  bool // whether fitting changed what the template rendered
}

// messageFitter renders a message template on fewer and fewer alerts until
// it fits in limit runes.
type messageFitter struct {
	tmpl  *compiled
	d     *Data
	html  bool
	limit int
	// lastBody is the latest sanitized HTML body and lastVisible whether it
	// shows any text, known from its tokens: no second parse to ask.
	lastBody    string
	lastVisible bool
	// compactAll is the body of every alert compact, kept to guess how
	// many alerts fit from its lines (see guess).
	compactAll     string
	compactAllFull bool // compactAll is all the template wrote
	// compactFirst: try every alert compact before every alert in full
	// (see Templates.compactFirst).
	compactFirst bool
}

func (t *Templates) renderMessage(text string, d *Data) (message, error) {
	html := d.Format == FormatHTML
	if text == "" {
		text = " " // rendered empty: "(no details)"
	}
	c, err := t.compile(text, html)
	if err != nil {
		return message{}, err
	}
	defer t.release(text, html, c)
	f := messageFitter{tmpl: c, d: d, html: html, limit: pushover.MaxMessageRunes,
		compactFirst: t.compactFirst(text, len(d.Alerts))}
	m, err := f.fit()
	if err != nil {
		return message{}, err
	}
	if !f.visible(m.text) {
		m.text = f.join(f.escape(noDetails(d)), m.dropped, true)
	}
	return m, nil
}

// fit tries, in order: every alert in full, every alert compact, the most
// alerts that fit compact with "and N more", one alert cut to fit.
func (f *messageFitter) fit() (message, error) {
	n, truncated := len(f.d.Alerts), f.d.TruncatedAlerts
	compactText, compactOK := "", false
	if f.compactFirst {
		// The compact body of the default templates is never longer than
		// the full one: when it does not fit, the full one does not either.
		s, ok, err := f.try(n, true)
		if err != nil || !ok {
			return f.fitSome(n, truncated, err)
		}
		compactText, compactOK = s, true
	}
	s, ok, err := f.try(n, false)
	if err != nil || ok {
		return message{text: s, dropped: truncated}, err
	}
	if !compactOK {
		if compactText, compactOK, err = f.try(n, true); err != nil {
			return message{}, err
		}
	}
	if compactOK {
		return message{text: compactText, dropped: truncated, fitted: true}, nil
	}
	return f.fitSome(n, truncated, nil)
}

// fitSome fits fewer alerts than all n, compact, or one cut to fit.
func (f *messageFitter) fitSome(n, truncated int, err error) (message, error) {
	if err != nil {
		return message{}, err
	}
	best, bestText, err := f.most(n-1, f.guess(n-1))
	if err != nil {
		return message{}, err
	}
	if best > 0 {
		return message{text: bestText, dropped: n - best + truncated, fitted: true}, nil
	}
	return f.cut(min(n, 1), truncated)
}

// try renders the first k alerts with "and N more" and reports whether that fits.
func (f *messageFitter) try(k int, compact bool) (string, bool, error) {
	body, full, err := f.body(k, compact)
	if err != nil {
		return "", false, err
	}
	if compact && k == len(f.d.Alerts) {
		f.compactAll, f.compactAllFull = body, full
	}
	s := f.join(body, len(f.d.Alerts)-k+f.d.TruncatedAlerts, compact)
	return s, full && runes(s) <= f.limit, nil
}

// most finds the most alerts, at most hi, that fit compactly. It first
// tries guess and guess+1: when guess fits and guess+1 does not, that is
// the answer, found in two renders. Otherwise it searches what is left.
func (f *messageFitter) most(hi, guess int) (int, string, error) {
	if guess < 1 || guess > hi {
		return f.search(1, hi, 0, "")
	}
	if f.linesExact() {
		body := strings.Join(strings.SplitN(f.compactAll, "\n", guess+1)[:guess], "\n")
		return guess, f.join(body, len(f.d.Alerts)-guess+f.d.TruncatedAlerts, true), nil
	}
	s, ok, err := f.try(guess, true)
	switch {
	case err != nil:
		return 0, "", err
	case !ok:
		return f.search(1, guess-1, 0, "")
	case guess == hi:
		return guess, s, nil
	}
	next, ok, err := f.try(guess+1, true)
	switch {
	case err != nil:
		return 0, "", err
	case !ok:
		return guess, s, nil
	}
	return f.search(guess+2, hi, guess+1, next)
}

// guess is how many alerts, at most hi, would fit compactly if the body of
// every alert compact had one line per alert and a shorter list were its
// first lines (as with the default templates): the size of k alerts is
// then the sum of the sizes of their lines. 0 when the body does not have
// a line per alert.
func (f *messageFitter) guess(hi int) int {
	n := len(f.d.Alerts)
	lines := strings.Split(f.compactAll, "\n")
	if len(lines) != n {
		return 0
	}
	best, size := 0, 0
	for k := 1; k <= hi; k++ {
		size += runes(lines[k-1])
		if k > 1 {
			size++ // the newline
		}
		if size+runes(f.join("", n-k+f.d.TruncatedAlerts, true))+1 > f.limit {
			break
		}
		best = k
	}
	return best
}

// search finds the most alerts between lo and hi that fit compactly, best
// (with bestText) fitting already: it doubles k while k alerts fit, then
// bisects, so that it renders few alerts when few fit.
func (f *messageFitter) search(lo, hi, best int, bestText string) (int, string, error) {
	for k := lo; k <= hi; k *= 2 {
		s, ok, err := f.try(k, true)
		if err != nil {
			return 0, "", err
		}
		if !ok {
			hi = k - 1
			break
		}
		best, bestText, lo = k, s, k+1
	}
	for lo <= hi {
		k := (lo + hi) / 2
		s, ok, err := f.try(k, true)
		if err != nil {
			return 0, "", err
		}
		if ok {
			best, bestText, lo = k, s, k+1
		} else {
			hi = k - 1
		}
	}
	return best, bestText, nil
}

// cut renders the first k alerts compactly and cuts the text to fit.
func (f *messageFitter) cut(k, truncated int) (message, error) {
	n := len(f.d.Alerts)
	body, _, err := f.body(k, true)
	if err != nil {
		return message{}, err
	}
	dropped := n - k + truncated
	room := f.limit - (runes(f.join(".", dropped, true)) - 1)
	if f.html {
		body, _ = truncateHTML(body, room)
	} else {
		body, _ = truncateText(body, room)
	}
	return message{text: f.join(body, dropped, true), dropped: dropped, fitted: true}, nil
}

// body renders the first k alerts, cleaned and tidied; full is false when
// the template wrote more than maxOutput bytes and body is a prefix.
func (f *messageFitter) body(k int, compact bool) (body string, full bool, err error) {
	s, full, err := f.tmpl.run(f.d.withAlerts(f.d.Alerts[:k], compact))
	if err != nil {
		return "", false, err
	}
	if f.html {
		toks := parseHTML(s)
		f.lastBody, f.lastVisible = tidy(serialize(toks)), anyText(toks)
		return f.lastBody, full, nil
	}
	return tidy(cleanText(s)), full, nil
}

// visible reports whether a fitted body shows anything once tags are stripped.
func (f *messageFitter) visible(s string) bool {
	if f.html && s == f.lastBody {
		return f.lastVisible
	}
	return visible(s, f.html)
}

// join appends "… and N more" to body when alerts were left out.
func (f *messageFitter) join(body string, more int, compact bool) string {
	if more <= 0 {
		return body
	}
	line := "… and " + strconv.Itoa(more) + " more"
	if f.html {
		line = "<i>" + line + "</i>"
	}
	switch {
	case body == "":
		return line
	case compact:
		return body + "\n" + line
	}
	return body + "\n\n" + line
}

func (f *messageFitter) escape(s string) string {
	if f.html {
		return escapeText(s)
	}
	return s
}
