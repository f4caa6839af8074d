package templates

import (
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// The fallback is built without templates, so that a broken template still
// pages: status, count and names in the title, one line per alert, and which
// template failed.

// fallbackTitle is like "FIRING 2 · HighLatency · prod-eu".
func fallbackTitle(d *Data) string {
	parts := []string{strings.ToUpper(d.Status)}
	if parts[0] == "" {
		parts[0] = "ALERT"
	}
	if n := d.size(); n > 0 {
		parts[0] += " " + itoa(n)
	}
	parts = append(parts, d.Names()...)
	return strings.Join(parts, " · ")
}

// fallbackMessage lists the alerts as plain text and says what failed, in at
// most MaxMessageRunes runes.
func fallbackMessage(d *Data, err error) message {
	const lineRunes = 200
	head, _ := truncateText(oneLine(fallbackTitle(d)), lineRunes)
	foot, _ := truncateText(oneLine("(The bridge sent this plain message because "+err.Error()+")"), 2*lineRunes)
	lines := make([]string, 0, len(d.Alerts))
	for _, a := range d.Alerts {
		l := "• " + summary(a)
		if n := a.Labels["alertname"]; n != "" && n != summary(a) {
			l = "• " + n + ": " + summary(a)
		}
		if a.Status == "resolved" {
			l += " (resolved)"
		}
		l, _ = truncateText(oneLine(l), lineRunes)
		lines = append(lines, l)
	}
	for k := len(lines); k >= 0; k-- {
		more := len(lines) - k + d.TruncatedAlerts
		body := append([]string{head}, lines[:k]...)
		if more > 0 {
			body = append(body, "… and "+itoa(more)+" more")
		}
		s := strings.Join(body, "\n") + "\n\n" + foot
		if runes(s) <= pushover.MaxMessageRunes {
			return message{text: s, dropped: more, fitted: more > d.TruncatedAlerts}
		}
	}
	return message{text: head + "\n\n" + foot, dropped: len(lines) + d.TruncatedAlerts, fitted: true}
}

// noDetails stands in for a message that rendered empty: Pushover refuses those.
func noDetails(d *Data) string {
	if names := alertNames(d.Alerts); len(names) > 0 {
		s, _ := truncateText(oneLine(strings.Join(names, ", ")), 200)
		return s + ": (no details)"
	}
	s, _ := truncateText(oneLine(fallbackTitle(d)), 200)
	return s + ": (no details)"
}
