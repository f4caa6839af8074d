package templates

import (
	"fmt"
	"strings"
	"time"

	"github.com/prometheus/alertmanager/template"
)

// funcs returns the functions the bridge adds to Alertmanager's. Those that
// read the clock use t's clock; routeLabels reads d's route labels, which
// arrive rendered in the webhook; data returns the Data being rendered,
// nil at parse time. Funcs close over t's clock, which is fixed per Templates.
func (t *Templates) funcs(data func() *Data) template.FuncMap {
	now := func() time.Time { return t.now() }
	return template.FuncMap{
		"now":           now,
		"since":         func(at time.Time) time.Duration { return now().Sub(at) },
		"age":           func(at time.Time) string { return age(at, now()) },
		"lasted":        lasted,
		"alertAge":      func(a template.Alert) string { return alertAge(a, now()) },
		"summary":       summary,
		"severityColor": severityColor,
		"severityEmoji": severityEmoji,
		"severityWord":  severityWord,
		"routeLabels": func(name string) (string, error) {
			d := data()
			if d == nil || d.Data == nil {
				return "", nil
			}
			return d.RouteLabels[name], nil
		},
	}
}

// alertAge says since when a firing alert fires ("since 12m"), or when a
// resolved one ended and how long it lasted ("resolved 3m ago after 5s").
func alertAge(a template.Alert, now time.Time) string {
	if a.Status != "resolved" {
		if a.StartsAt.IsZero() {
			return "firing"
		}
		return "since " + age(a.StartsAt, now)
	}
	if a.EndsAt.IsZero() {
		return "resolved"
	}
	s := "resolved " + age(a.EndsAt, now) + " ago"
	if l := lasted(a); l != "" {
		s += " after " + l
	}
	return s
}

// age is how long ago at was, "?" for the zero time.
func age(at, now time.Time) string {
	if at.IsZero() {
		return "?"
	}
	return shortDuration(now.Sub(at))
}

// shortDuration is a duration as a phone wants it: 45s, 12m, 3h 5m, 2d 4h.
func shortDuration(d time.Duration) string {
	if d < 0 {
		d = 0
	}
	switch {
	case d < time.Minute:
		return fmt.Sprintf("%ds", int(d/time.Second))
	case d < time.Hour:
		return fmt.Sprintf("%dm", int(d/time.Minute))
	case d < 24*time.Hour:
		return joinUnits(int(d/time.Hour), "h", int(d%time.Hour/time.Minute), "m")
	default:
		return joinUnits(int(d/(24*time.Hour)), "d", int(d%(24*time.Hour)/time.Hour), "h")
	}
}

func joinUnits(a int, au string, b int, bu string) string {
	if b == 0 {
		return fmt.Sprintf("%d%s", a, au)
	}
	return fmt.Sprintf("%d%s %d%s", a, au, b, bu)
}

// lasted is how long a resolved alert fired.
func lasted(a template.Alert) string {
	if a.EndsAt.IsZero() || a.StartsAt.IsZero() {
		return ""
	}
	return shortDuration(a.EndsAt.Sub(a.StartsAt))
}

// summary is what the alert says is wrong: its summary, else its
// description, else its name.
func summary(a template.Alert) string {
	for _, s := range []string{a.Annotations["summary"], a.Annotations["description"], a.Annotations["message"], a.Labels["alertname"]} {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return "(no details)"
}

// severity levels, most severe first.
const (
	levelCritical = iota
	levelWarning
	levelInfo
	levelOther
)

// severityLevel maps the usual severity label values to a level.
func severityLevel(s string) int {
	switch strings.ToLower(strings.TrimSpace(s)) {
	case "critical", "crit", "page", "emergency", "fatal", "error", "high", "p1", "disaster":
		return levelCritical
	case "warning", "warn", "major", "minor", "medium", "average", "p2", "p3":
		return levelWarning
	case "info", "informational", "notice", "low", "none", "p4", "p5":
		return levelInfo
	default:
		return levelOther
	}
}

// severityColor is the #rrggbb colour of an alert's badge.
func severityColor(severity, status string) string {
	if status == "resolved" {
		return "#2e7d32"
	}
	return [...]string{"#d32f2f", "#ef6c00", "#1565c0", "#616161"}[severityLevel(severity)]
}

// severityEmoji is the sign before a title: what a glance at the lock screen
// should tell.
func severityEmoji(severity, status string) string {
	if status == "resolved" {
		return "✅"
	}
	return [...]string{"🔥", "⚠️", "ℹ️", "🔔"}[severityLevel(severity)]
}

// severityWord is an alert's badge text: its severity, or its status when
// it is resolved or has no severity.
func severityWord(severity, status string) string {
	if status == "resolved" {
		return "RESOLVED"
	}
	if s := strings.TrimSpace(severity); s != "" {
		return strings.ToUpper(s)
	}
	return "FIRING"
}
