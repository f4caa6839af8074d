package templates

import (
	"strconv"

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
	f := messageFitter{tmpl: c, d: d, html: html, limit: pushover.MaxMessageRunes}
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
	for _, compact := range []bool{false, true} {
		s, ok, err := f.try(n, compact)
		if err != nil || ok {
			return message{text: s, dropped: truncated, fitted: compact}, err
		}
	}
	best, bestText, err := f.most(n - 1)
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
	s := f.join(body, len(f.d.Alerts)-k+f.d.TruncatedAlerts, compact)
	return s, full && runes(s) <= f.limit, nil
}

// most finds the most alerts, at most hi, that fit compactly: it doubles k
// while k alerts fit, then bisects, so that it renders few alerts when few fit.
func (f *messageFitter) most(hi int) (int, string, error) {
	best, bestText, lo := 0, "", 1
	for k := 1; k <= hi; k *= 2 {
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
