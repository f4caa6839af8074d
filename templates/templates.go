// Package templates owns the messages a phone shows: the embedded default
// templates, rendering with Alertmanager's template package (so users'
// Alertmanager templates and functions work), and fitting every rendered
// message to Pushover's limits without breaking its HTML. It knows nothing
// about HTTP.
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
}

// Acknowledgement says who stopped an emergency and when.
type Acknowledgement struct {
	By     string // a recipient name or device name; never a user key
	Device string
	At     time.Time
}

// Spec is the template text of one route's message fields.
type Spec struct {
	Title    string
	Message  string
	URL      string
	URLTitle string
	Format   Format
}

// Rendered is a message ready for Pushover: every field within its limit,
// the message never empty, HTML well-formed for Pushover's subset.
type Rendered struct {
	Title     string
	Message   string
	URL       string
	URLTitle  string
	Format    Format
	Timestamp time.Time // when the oldest alert of the delivery started
	Truncated []string  // the fields that had to be fitted
	Dropped   int       // alerts left out of the message ("and N more"), truncatedAlerts included
	// Err is set when a template failed and the plain fallback was sent
	// instead; it names the template.
	Err error
}

// Templates holds the parsed default and user templates. It is safe for concurrent use.
type Templates struct{}

// New parses the embedded defaults and then the user template files matching globs.
func New(globs []string) (*Templates, error) { panic("unimplemented") }

// Check parses every field of spec and renders it on sample data, so that a
// mistake fails the config load instead of the page.
func (t *Templates) Check(spec Spec) error { panic("unimplemented") }

// Text renders one text template (used for a templated priority).
func (t *Templates) Text(text string, d *Data) (string, error) { panic("unimplemented") }

// Render renders and fits one message. It never fails: on a template error it
// returns a plain fallback that names the alerts and the failed template.
func (t *Templates) Render(spec Spec, d *Data) Rendered { panic("unimplemented") }

// Restrict returns a copy of d holding only alerts, with CommonLabels and
// CommonAnnotations recomputed and Status set from them.
func Restrict(d *template.Data, alerts template.Alerts) *template.Data { panic("unimplemented") }
