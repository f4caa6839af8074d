package templates

import (
	"errors"
	"fmt"
	tmplhtml "html/template"
	"net/url"
	"strings"
	"unicode"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// TemplateError says which field's template failed.
type TemplateError struct {
	Field string // title, message, url or url_title
	Err   error
}

func (e *TemplateError) Error() string {
	return fmt.Sprintf("templates: %s template: %v", e.Field, e.Err)
}

func (e *TemplateError) Unwrap() error { return e.Err }

// Render renders and fits one message. It never fails: on a template error it
// returns a plain fallback that names the alerts and the failed template.
// Alerts are shown firing first, most severe first; Dropped counts those
// left out, and Alertmanager's truncated ones.
//
// With d.Memo, a message already rendered for another recipient of the
// same webhook is reused when the templates do not depend on the recipient.
func (t *Templates) Render(spec Spec, d *Data) Rendered {
	if d == nil || d.Memo == nil {
		return t.render(spec, d)
	}
	key, ok := t.memoKey(spec, d)
	if !ok {
		return t.render(spec, d)
	}
	if r, hit := d.Memo.get(key); hit {
		return r.clone()
	}
	r := t.render(spec, d)
	d.Memo.put(key, r)
	return r.clone()
}

func (t *Templates) render(spec Spec, d *Data) Rendered {
	format := normalFormat(spec.Format)
	data := prepare(d, format)
	r := Rendered{Format: format, Timestamp: oldestStart(data.Alerts)}
	var errs []error

	title, err := t.execute(spec.Title, false, data)
	if err != nil {
		errs = append(errs, &TemplateError{Field: FieldTitle, Err: err})
		title = fallbackTitle(data)
	}
	r.Title = r.fitted(FieldTitle, oneLine(title), pushover.MaxTitleRunes)

	m, err := t.renderMessage(spec.Message, data)
	if err != nil {
		err = &TemplateError{Field: FieldMessage, Err: err}
		errs = append(errs, err)
		m = fallbackMessage(data, err)
		r.Format = FormatText
	}
	r.Message, r.Dropped = m.text, m.dropped
	if m.fitted {
		r.Truncated = append(r.Truncated, FieldMessage)
	}

	r.URL, r.URLTitle, errs = t.renderURL(spec, data, &r, errs)
	r.Err = errors.Join(errs...)
	return r
}

// scriptURL reports whether u would run code when opened (javascript:,
// vbscript:, data:); such a url, say from an alert's runbook_url
// annotation, is dropped.
func scriptURL(u string) bool {
	// Browsers ignore blanks and controls in a scheme ("java\tscript:"),
	// which cleanURL has percent-encoded.
	if decoded, err := url.PathUnescape(u); err == nil {
		u = decoded
	}
	u = strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) || unicode.IsControl(r) || isBidiControl(r) {
			return -1
		}
		return r
	}, u)
	scheme, _, ok := strings.Cut(u, ":")
	if !ok {
		return false
	}
	switch strings.ToLower(scheme) {
	case "javascript", "vbscript", "data":
		return true
	}
	return false
}

// renderURL renders url and url_title. A url that is too long is dropped,
// with its title: a cut URL leads nowhere, and the message still has links.
func (t *Templates) renderURL(spec Spec, data *Data, r *Rendered, errs []error) (string, string, []error) {
	u, err := t.execute(spec.URL, false, data)
	if err != nil {
		errs = append(errs, &TemplateError{Field: FieldURL, Err: err})
		u = data.GroupURL()
	}
	u = cleanURL(u)
	if runes(u) > pushover.MaxURLRunes {
		r.Truncated = append(r.Truncated, FieldURL)
		u = ""
	}
	if scriptURL(u) {
		u = "" // as html/template does for href: never a script link
	}
	if u == "" {
		return "", "", errs
	}
	title, err := t.execute(spec.URLTitle, false, data)
	if err != nil {
		errs = append(errs, &TemplateError{Field: FieldURLTitle, Err: err})
		title = ""
	}
	return u, r.fitted(FieldURLTitle, oneLine(title), pushover.MaxURLTitleRunes), errs
}

// fitted cuts a one-line text field to limit and notes it.
func (r *Rendered) fitted(field, s string, limit int) string {
	s, cut := truncateText(s, limit)
	if cut {
		r.Truncated = append(r.Truncated, field)
	}
	return s
}

// Text renders one text template (used for a templated priority). The
// result is trimmed of surrounding whitespace.
func (t *Templates) Text(text string, d *Data) (string, error) {
	s, err := t.execute(text, false, prepare(d, FormatText))
	if err != nil {
		return "", err
	}
	return strings.TrimSpace(s), nil
}

// Check parses every field of spec and renders it on sample data, so that a
// mistake fails the config load instead of the page.
func (t *Templates) Check(spec Spec) error {
	var errs []error
	switch spec.Format {
	case "", FormatHTML, FormatText, FormatMonospace:
	default:
		errs = append(errs, fmt.Errorf("templates: unknown format %q (want html, monospace or text)", spec.Format))
	}
	for _, f := range []struct{ field, text string }{
		{FieldTitle, spec.Title}, {FieldMessage, spec.Message}, {FieldURL, spec.URL}, {FieldURLTitle, spec.URLTitle},
	} {
		if err := t.check(f.text, f.field == FieldMessage && normalFormat(spec.Format) == FormatHTML, spec.Format); err != nil {
			errs = append(errs, &TemplateError{Field: f.field, Err: err})
		}
	}
	return errors.Join(errs...)
}

func (t *Templates) check(text string, html bool, format Format) error {
	if text == "" {
		return nil
	}
	d := prepare(SampleData(), normalFormat(format))
	c, err := t.compile(text, html)
	if err != nil {
		return htmlHint(err)
	}
	defer t.release(text, html, c)
	for _, compact := range []bool{false, true} {
		if _, _, err := c.run(d.withAlerts(d.Alerts, compact)); err != nil {
			return htmlHint(err)
		}
	}
	return nil
}

// htmlHint adds, to an error of Go's HTML escaper, what to do: a template
// written for Alertmanager's html: false may hold a literal "<".
func htmlHint(err error) error {
	var he *tmplhtml.Error
	if !errors.As(err, &he) {
		return err
	}
	return fmt.Errorf("%w (in format: html a message template is HTML: write a literal < as &lt;, "+
		"or set format: text for a template written for Alertmanager's html: false)", err)
}

// normalFormat maps the empty format to HTML, the bridge's default, and an
// unknown one to plain text, which cannot go wrong.
func normalFormat(f Format) Format {
	switch f {
	case "":
		return FormatHTML
	case FormatHTML, FormatMonospace, FormatText:
		return f
	}
	return FormatText
}
