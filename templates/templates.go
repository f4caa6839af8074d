// Package templates owns the messages a phone shows: the embedded default
// templates, rendering with Alertmanager's template package (so users'
// Alertmanager templates and functions work), and fitting every rendered
// message to Pushover's limits without breaking its HTML. It knows nothing
// about HTTP.
//
// Fitting works in this order, each step only when the previous one is not
// enough: render every alert in full; render every alert compactly
// (Data.Compact); drop whole alerts from the end and say "and N more";
// cut the text of what is left, never inside a tag or an entity. A URL that
// is too long is dropped, not cut, since a cut URL leads nowhere.
package templates

import (
	"time"

	"github.com/prometheus/alertmanager/template"
)

// Format is how Pushover shows a message body.
type Format string

// The body formats.
const (
	FormatHTML      Format = "html"
	FormatMonospace Format = "monospace"
	FormatText      Format = "text"
)

// Data is what a template sees: Alertmanager's template.Data restricted to
// the alerts of one delivery (common labels and annotations recomputed),
// plus what the bridge knows.
type Data struct {
	*template.Data
	GroupKey        string
	TruncatedAlerts int    // alerts Alertmanager left out (max_alerts)
	Route           string // the routing rule's name
	Recipient       string // the recipient's name (never its key)
	Priority        string // the chosen priority's name: lowest, low, normal, high, emergency
	// Acknowledged is set when an emergency of this group was acknowledged.
	Acknowledged *Acknowledgement
	// Escalation is set while the group's emergency escalates (a firing
	// message of a route with escalate levels, not acknowledged yet).
	Escalation *Escalation
	// Memo, when set, shares the rendered message with the other
	// notifications of the webhook (see Memo). Not for templates.
	Memo *Memo

	// Format is the body format being rendered; Render sets it from the Spec
	// so that one message template can serve HTML and plain text.
	Format Format
	// Compact asks for one short line per alert; Render sets it when the
	// full message does not fit.
	Compact bool

	all int // alerts in the delivery, when only some are shown
	// uniform caches Uniform for the alerts shown, set by withAlerts:
	// templates call $.Uniform once per alert, which must not cost O(n).
	uniform *bool
}

// Acknowledgement says who stopped an emergency and when.
type Acknowledgement struct {
	By     string // a recipient name or device name; never a user key
	Device string
	At     time.Time
	// Level is the escalation level whose page was acknowledged (1 is the
	// first page); 0 when the route does not escalate or it is unknown.
	Level int
}

// Escalation is where a pending escalation stands: Level levels were
// paged (1: only the first page), Missed did not answer, and level Next
// fires at NextAt (Next 0: none left).
type Escalation struct {
	Level  int
	Missed []string
	Next   int
	NextAt time.Time
}

// Spec is the template text of one route's message fields.
type Spec struct {
	Title    string
	Message  string
	URL      string
	URLTitle string
	Format   Format
}

// DefaultSpec returns the embedded default templates in HTML format.
func DefaultSpec() Spec {
	return Spec{
		Title:    `{{ template "pushover.title" . }}`,
		Message:  `{{ template "pushover.message" . }}`,
		URL:      `{{ template "pushover.url" . }}`,
		URLTitle: `{{ template "pushover.url_title" . }}`,
		Format:   FormatHTML,
	}
}

// Rendered is a message ready for Pushover: every field within its limit,
// the message never empty, HTML well-formed for Pushover's subset.
type Rendered struct {
	Title     string
	Message   string
	URL       string
	URLTitle  string
	Format    Format    // the spec's format, or FormatText when Message is the plain fallback
	Timestamp time.Time // when the oldest alert of the delivery started
	Truncated []string  // the fields that had to be fitted
	Dropped   int       // alerts left out of the message ("and N more"), truncatedAlerts included
	// Err is set when a template failed and the plain fallback was sent
	// instead; it names the template.
	Err error
}

// The field names used in Rendered.Truncated and TemplateError.Field.
const (
	FieldTitle    = "title"
	FieldMessage  = "message"
	FieldURL      = "url"
	FieldURLTitle = "url_title"
)

// Restrict returns a copy of d holding only alerts, with CommonLabels and
// CommonAnnotations recomputed and Status set from them. GroupLabels,
// RouteLabels, Receiver, ExternalURL and NotificationReason are kept.
func Restrict(d *template.Data, alerts template.Alerts) *template.Data {
	out := *d
	out.Alerts = append(template.Alerts(nil), alerts...)
	out.CommonLabels = commonKV(alerts, func(a template.Alert) template.KV { return a.Labels })
	out.CommonAnnotations = commonKV(alerts, func(a template.Alert) template.KV { return a.Annotations })
	out.Status = "resolved"
	if len(out.Alerts.Firing()) > 0 {
		out.Status = "firing"
	}
	return &out
}

// commonKV returns the pairs whose value is the same in every alert.
func commonKV(alerts template.Alerts, kv func(template.Alert) template.KV) template.KV {
	common := template.KV{}
	if len(alerts) == 0 {
		return common
	}
	for k, v := range kv(alerts[0]) {
		common[k] = v
	}
	for _, a := range alerts[1:] {
		m := kv(a)
		for k, v := range common {
			if w, ok := m[k]; !ok || w != v {
				delete(common, k)
			}
		}
	}
	return common
}
