package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	tmplhtml "html/template"
	tmpltext "text/template"
	"time"

	"github.com/prometheus/alertmanager/template"
)

//go:embed pushover.tmpl
var defaults embed.FS

// Templates holds the parsed default and user templates. It is safe for
// concurrent use: the parsed set is never executed, only cloned.
type Templates struct {
	text *tmpltext.Template
	html *tmplhtml.Template
	now  func() time.Time
}

// New parses the embedded defaults and then the user template files matching globs.
// Alertmanager's own default templates (__subject, __alertmanagerURL, …) come
// first, then ours (pushover.*), then the user's, which may redefine any of them.
func New(globs []string) (*Templates, error) {
	t := &Templates{now: time.Now}
	capture := func(text *tmpltext.Template, html *tmplhtml.Template) {
		t.text, t.html = text, html
		text.Funcs(tmpltext.FuncMap(t.funcs(nil)))
		html.Funcs(tmplhtml.FuncMap(t.funcs(nil)))
	}
	am, err := template.FromGlobs(nil, capture)
	if err != nil {
		return nil, fmt.Errorf("templates: alertmanager defaults: %w", err)
	}
	f, err := defaults.Open("pushover.tmpl")
	if err != nil {
		return nil, fmt.Errorf("templates: embedded defaults: %w", err)
	}
	defer f.Close()
	if err := am.Parse(f); err != nil {
		return nil, fmt.Errorf("templates: embedded defaults: %w", err)
	}
	for _, g := range globs {
		if err := am.FromGlob(g); err != nil {
			return nil, fmt.Errorf("templates: parsing %q: %w", g, err)
		}
	}
	// Alertmanager parses in place, so the captured sets hold everything.
	// Should that ever change, fail loudly rather than render without our templates.
	if t.text == nil || t.text.Lookup("pushover.title") == nil || t.html.Lookup("pushover.message") == nil {
		return nil, errors.New("templates: alertmanager's template set did not take the embedded defaults")
	}
	return t, nil
}

// WithClock returns a copy of t that reads the time from now: "since 12m",
// the template functions now and since. Tests use it for stable output.
func (t *Templates) WithClock(now func() time.Time) *Templates {
	c := *t
	c.now = now
	return &c
}

// executor runs one parsed template text on data.
type executor func(d *Data) (string, error)

// compile parses text as a text template or, when html is true, as an
// html/template whose values are escaped. Functions that read the clock or the
// route labels are bound here, so that they see d rather than
// Alertmanager's *template.Data, which its routeLabels function expects.
func (t *Templates) compile(text string, html bool, d *Data) (executor, error) {
	if text == "" {
		return func(*Data) (string, error) { return "", nil }, nil
	}
	funcs := t.funcs(d)
	if html {
		tmpl, err := t.html.Clone()
		if err != nil {
			return nil, err
		}
		tmpl, err = tmpl.New("").Option("missingkey=zero").Funcs(tmplhtml.FuncMap(funcs)).Parse(text)
		if err != nil {
			return nil, err
		}
		return func(d *Data) (string, error) {
			var b bytes.Buffer
			err := tmpl.Execute(&b, d)
			return b.String(), err
		}, nil
	}
	tmpl, err := t.text.Clone()
	if err != nil {
		return nil, err
	}
	tmpl, err = tmpl.New("").Option("missingkey=zero").Funcs(tmpltext.FuncMap(funcs)).Parse(text)
	if err != nil {
		return nil, err
	}
	return func(d *Data) (string, error) {
		var b bytes.Buffer
		err := tmpl.Execute(&b, d)
		return b.String(), err
	}, nil
}

// execute compiles and runs text once.
func (t *Templates) execute(text string, html bool, d *Data) (string, error) {
	run, err := t.compile(text, html, d)
	if err != nil {
		return "", err
	}
	return run(d)
}
