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
	run   executor
	d     *Data
	html  bool
	limit int
}

func (t *Templates) renderMessage(text string, d *Data) (message, error) {
	html := d.Format == FormatHTML
	run, err := t.compile(text, html, d)
	if err != nil {
		return message{}, err
	}
	f := messageFitter{run: run, d: d, html: html, limit: pushover.MaxMessageRunes}
	m, err := f.fit()
	if err != nil {
		return message{}, err
	}
	if !visible(m.text, html) {
		m.text = f.join(f.escape(noDetails(d)), m.dropped, true)
	}
	return m, nil
}

// fit tries, in order: every alert in full, every alert compact, the most
// alerts that fit compact with "and N more", one alert cut to fit.
func (f *messageFitter) fit() (message, error) {
	n, truncated := len(f.d.Alerts), f.d.TruncatedAlerts
	for _, compact := range []bool{false, true} {
		body, err := f.body(n, compact)
		if err != nil {
			return message{}, err
		}
		if s := f.join(body, truncated, compact); runes(s) <= f.limit {
			return message{text: s, dropped: truncated, fitted: compact}, nil
		}
	}
	best, bestText := 0, ""
	for lo, hi := 1, n-1; lo <= hi; {
		k := (lo + hi) / 2
		body, err := f.body(k, true)
		if err != nil {
			return message{}, err
		}
		if s := f.join(body, n-k+truncated, true); runes(s) <= f.limit {
			best, bestText, lo = k, s, k+1
		} else {
			hi = k - 1
		}
	}
	if best > 0 {
		return message{text: bestText, dropped: n - best + truncated, fitted: true}, nil
	}
	return f.cut(min(n, 1), truncated)
}

// cut renders the first k alerts compactly and cuts the text to fit.
func (f *messageFitter) cut(k, truncated int) (message, error) {
	n := len(f.d.Alerts)
	body, err := f.body(k, true)
	if err != nil {
		return message{}, err
	}
	dropped := n - k + truncated
	room := f.limit - runes(f.join("", dropped, true))
	if f.html {
		body, _ = truncateHTML(body, room)
	} else {
		body, _ = truncateText(body, room)
	}
	return message{text: f.join(body, dropped, true), dropped: dropped, fitted: true}, nil
}

// body renders the first k alerts, cleaned and tidied.
func (f *messageFitter) body(k int, compact bool) (string, error) {
	s, err := f.run(f.d.withAlerts(f.d.Alerts[:k], compact))
	if err != nil {
		return "", err
	}
	if f.html {
		return sanitizeHTML(s), nil
	}
	return tidy(cleanText(s)), nil
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
