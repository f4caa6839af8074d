package templates

import (
	"embed"
	"errors"
	"fmt"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
)

//go:embed groupme.tmpl
var groupmeDefaults embed.FS

// GroupMeSpec is the template text of a GroupMe message: a one-line
// title rendered on the whole delivery, and the text (the alerts), which
// is fitted.
type GroupMeSpec struct {
	Title string
	Text  string
}

// DefaultGroupMeSpec returns the embedded default templates.
func DefaultGroupMeSpec() GroupMeSpec {
	return GroupMeSpec{Title: `{{ template "groupme.title" . }}`, Text: `{{ template "groupme.text" . }}`}
}

// maxGroupMeTitleRunes bounds the title, so that the text keeps most of
// GroupMe's 1,000 characters.
const maxGroupMeTitleRunes = 200

// GroupMeRendered is a GroupMe message ready to post: Title and Text
// joined by a blank line (Message, as groupme.Notification.Compose joins
// them) are at most groupme.MaxTextRunes runes, and Text is never empty.
type GroupMeRendered struct {
	Title   string // one line; "" when the title template renders nothing
	Text    string
	Dropped int  // alerts left out ("… and N more"), Alertmanager's truncated ones included
	Fitted  bool // whether fitting changed what the templates rendered
	// Err is set when a template failed and a plain fallback was rendered
	// instead; it names the template.
	Err error
}

// Message is the text to post: the title, a blank line and the text.
func (r GroupMeRendered) Message() string {
	if r.Title == "" {
		return r.Text
	}
	return r.Title + "\n\n" + r.Text
}

// parseGroupMeDefaults adds the embedded groupme.* templates to the set,
// after Pushover's and before the user's, who may redefine them.
func parseGroupMeDefaults(am *template.Template) error {
	f, err := groupmeDefaults.Open("groupme.tmpl")
	if err != nil {
		return fmt.Errorf("templates: embedded groupme defaults: %w", err)
	}
	defer f.Close()
	if err := am.Parse(f); err != nil {
		return fmt.Errorf("templates: embedded groupme defaults: %w", err)
	}
	return nil
}

// RenderGroupMe renders spec as plain text and fits it to GroupMe's limit
// the way Render fits a Pushover message: every alert in full, then
// compact, then the most alerts that fit with "… and N more", then cut.
// It never fails: on a template error it renders a plain fallback naming
// the failed template.
func (t *Templates) RenderGroupMe(spec GroupMeSpec, d *Data) GroupMeRendered {
	data := prepare(d, FormatText)
	var r GroupMeRendered
	var errs []error
	title, err := t.execute(spec.Title, false, data)
	if err != nil {
		errs = append(errs, &TemplateError{Field: "groupme title", Err: err})
		title = groupmeMarker(data) + fallbackTitle(data)
	}
	title, cut := truncateText(oneLine(title), maxGroupMeTitleRunes)
	r.Title, r.Fitted = title, cut
	limit := groupme.MaxTextRunes
	if title != "" {
		limit -= runes(title) + 2 // the blank line
	}
	text := spec.Text
	if text == "" {
		text = " " // rendered empty: "(no details)"
	}
	m, err := t.fitGroupMe(text, data, limit)
	if err != nil {
		err = &TemplateError{Field: "groupme text", Err: err}
		errs = append(errs, err)
		m = fallbackMessage(data, err)
		m.text, _ = groupme.FitN(m.text, limit)
	}
	r.Text, r.Dropped, r.Fitted = m.text, m.dropped, r.Fitted || m.fitted
	r.Err = errors.Join(errs...)
	return r
}

func (t *Templates) fitGroupMe(text string, data *Data, limit int) (message, error) {
	c, err := t.compile(text, false)
	if err != nil {
		return message{}, err
	}
	defer t.release(text, false, c)
	f := messageFitter{tmpl: c, d: data, limit: limit}
	m, err := f.fit()
	if err != nil {
		return message{}, err
	}
	if !visible(m.text, false) {
		m.text = f.join(noDetails(data), m.dropped, true)
	}
	return m, nil
}

// groupmeMarker marks an emergency in the fallback, as the default template does.
func groupmeMarker(d *Data) string {
	if d.Priority == "emergency" && d.Status == "firing" {
		return groupme.EmergencyMarker + " "
	}
	return ""
}

// CheckGroupMe parses both templates of spec and renders them on sample
// data, so that a mistake fails the configuration load instead of the message.
func (t *Templates) CheckGroupMe(spec GroupMeSpec) error {
	var errs []error
	for _, f := range []struct{ field, text string }{{"groupme title", spec.Title}, {"groupme text", spec.Text}} {
		if err := t.check(f.text, false, FormatText); err != nil {
			errs = append(errs, &TemplateError{Field: f.field, Err: err})
		}
	}
	return errors.Join(errs...)
}
