package templates

import (
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/prometheus/alertmanager/template"
)

// The methods below are for templates: {{ $.SilenceURL . }} inside a range
// over .Alerts, {{ .GroupURL }} at the top.

// Distinct returns the labels that tell a from the other alerts of the
// delivery: those not common to all. For a lone alert, whose labels are all
// common, it returns those not already in the group labels, without
// alertname and severity, which the message shows otherwise.
func (d *Data) Distinct(a template.Alert) template.Pairs {
	skip := d.CommonLabels
	if d.size() <= 1 {
		skip = template.KV{"alertname": "", "severity": ""}
		for k, v := range d.GroupLabels {
			skip[k] = v
		}
	}
	var out template.Pairs
	for _, p := range a.Labels.SortedPairs() {
		if _, ok := skip[p.Name]; !ok {
			out = append(out, p)
		}
	}
	return out
}

// size is the number of alerts of the delivery, including those not shown.
func (d *Data) size() int {
	if d.all > 0 {
		return d.all + d.TruncatedAlerts
	}
	return len(d.Alerts) + d.TruncatedAlerts
}

// SilenceURL links to Alertmanager's new-silence form, filled with a's labels.
// It is empty when the webhook carried no external URL.
func (d *Data) SilenceURL(a template.Alert) string {
	if d.ExternalURL == "" {
		return ""
	}
	return strings.TrimRight(d.ExternalURL, "/") + "/#/silences/new?filter=" + queryEscape(matchers(a.Labels))
}

// GroupURL links to the delivery's group in Alertmanager's alert list.
func (d *Data) GroupURL() string {
	if d.ExternalURL == "" {
		return ""
	}
	u := strings.TrimRight(d.ExternalURL, "/") + "/#/alerts?receiver=" + queryEscape(d.Receiver)
	if len(d.GroupLabels) > 0 {
		u += "&filter=" + queryEscape(matchers(d.GroupLabels))
	}
	return u
}

// Runbook is the runbook_url annotation when every alert of the delivery shares it.
func (d *Data) Runbook() string {
	return strings.TrimSpace(d.CommonAnnotations["runbook_url"])
}

// Severity is the most severe severity label among the firing alerts, or
// among all alerts when none fires.
func (d *Data) Severity() string {
	alerts := d.Alerts.Firing()
	if len(alerts) == 0 {
		alerts = d.Alerts
	}
	best, level := "", levelOther+1
	for _, a := range alerts {
		if l := severityLevel(a.Labels["severity"]); l < level {
			best, level = a.Labels["severity"], l
		}
	}
	return best
}

// Uniform reports whether every alert has the same status and severity
// level, so that one badge, the title's, says it for all.
func (d *Data) Uniform() bool {
	if d.uniform != nil {
		return *d.uniform
	}
	return uniform(d.Alerts)
}

func uniform(alerts template.Alerts) bool {
	for _, a := range alerts {
		b := alerts[0]
		if a.Status != b.Status || severityLevel(a.Labels["severity"]) != severityLevel(b.Labels["severity"]) {
			return false
		}
	}
	return true
}

// FiringTotal counts the firing alerts, plus those Alertmanager left out of
// a firing group.
func (d *Data) FiringTotal() int {
	n := len(d.Alerts.Firing())
	if d.Status == "firing" {
		n += d.TruncatedAlerts
	}
	return n
}

// Names is what the delivery is about, for a title: the group label values,
// else the alert names.
func (d *Data) Names() []string {
	if len(d.GroupLabels) > 0 {
		return d.GroupLabels.Values()
	}
	return alertNames(d.Alerts)
}

// alertNames returns each alertname once, in order of appearance.
func alertNames(alerts template.Alerts) []string {
	var names []string
	seen := map[string]bool{}
	for _, a := range alerts {
		n := a.Labels["alertname"]
		if n != "" && !seen[n] {
			seen[n] = true
			names = append(names, n)
		}
	}
	return names
}

// matchers writes labels in Alertmanager's filter syntax: {a="1", b="2"}.
func matchers(kv template.KV) string {
	var b strings.Builder
	b.WriteByte('{')
	for i, p := range kv.SortedPairs() {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(p.Name)
		b.WriteString(`="`)
		b.WriteString(matcherEscaper.Replace(p.Value))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

var matcherEscaper = strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`)

// queryEscape escapes s for a query value, spaces as %20 so that the
// Alertmanager UI, which reads its query from the URL fragment, sees them.
func queryEscape(s string) string {
	return strings.ReplaceAll(url.QueryEscape(s), "+", "%20")
}

// prepare returns a copy of d ready for rendering: alerts ordered firing
// first and most severe first (so that dropping from the end drops the least
// urgent), never a nil template.Data.
func prepare(d *Data, format Format) *Data {
	c := Data{}
	if d != nil {
		c = *d
	}
	td := template.Data{}
	if c.Data != nil {
		td = *c.Data
	}
	td.Alerts = append(template.Alerts(nil), td.Alerts...)
	sort.SliceStable(td.Alerts, func(i, j int) bool { return alertLess(td.Alerts[i], td.Alerts[j]) })
	c.Data = &td
	c.Format = format
	c.Compact = false
	c.all = len(td.Alerts)
	return &c
}

func alertLess(a, b template.Alert) bool {
	af, bf := a.Status != "resolved", b.Status != "resolved"
	if af != bf {
		return af
	}
	return severityLevel(a.Labels["severity"]) < severityLevel(b.Labels["severity"])
}

// withAlerts returns a copy of d showing only alerts, compact or not. The
// common labels stay those of the whole delivery.
func (d *Data) withAlerts(alerts template.Alerts, compact bool) *Data {
	c := *d
	td := *d.Data
	td.Alerts = alerts
	c.Data = &td
	c.Compact = compact
	u := uniform(alerts)
	c.uniform = &u
	return &c
}

// oldestStart is when the oldest alert started; zero without alerts.
func oldestStart(alerts template.Alerts) time.Time {
	var t time.Time
	for _, a := range alerts {
		if !a.StartsAt.IsZero() && (t.IsZero() || a.StartsAt.Before(t)) {
			t = a.StartsAt
		}
	}
	return t
}
