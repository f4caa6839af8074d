package templates

import (
	"bytes"
	"embed"
	"errors"
	"fmt"
	tmplhtml "html/template"
	"strings"
	"sync"
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
	// cache holds a *sync.Pool of *compiled per template text and kind. The
	// texts come from the configuration, so it stays small.
	cache *sync.Map
	// defaultBody is true when the user's files redefine none of the
	// templates the default message body is made of (see compactFirst).
	defaultBody bool
}

// New parses the embedded defaults and then the user template files matching globs.
// Alertmanager's own default templates (__subject, __alertmanagerURL, …) come
// first, then ours (pushover.*), then the user's, which may redefine any of them.
func New(globs []string) (*Templates, error) {
	t := &Templates{now: time.Now, cache: &sync.Map{}}
	capture := func(text *tmpltext.Template, html *tmplhtml.Template) {
		t.text, t.html = text, html
		none := func() *Data { return nil }
		text.Funcs(tmpltext.FuncMap(t.funcs(none)))
		html.Funcs(tmplhtml.FuncMap(t.funcs(none)))
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
	if err := parseGroupMeDefaults(am); err != nil {
		return nil, err
	}
	embedded := bodyTrees(t.text)
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
	t.defaultBody = bodyTrees(t.text) == embedded
	return t, nil
}

// WithClock returns a copy of t that reads the time from now: "since 12m",
// the template functions now and since. Tests use it for stable output.
func (t *Templates) WithClock(now func() time.Time) *Templates {
	c := *t
	c.now = now
	c.cache = &sync.Map{} // clones bind the clock
	return &c
}

// maxOutput caps what one execution may write, in bytes: far more than any
// message shows, small enough that huge labels cannot make fitting slow.
const maxOutput = 16 << 10

// errTooLong stops an execution that wrote maxOutput bytes.
var errTooLong = errors.New("output too long")

// compiled is one template text parsed on a clone of the set, with the
// functions bound. A clone serves one render at a time: pools keep them.
type compiled struct {
	text *tmpltext.Template
	html *tmplhtml.Template
	data *Data // what routeLabels reads
	// isPersonal caches personal() once personalKnown.
	isPersonal, personalKnown bool
}

type cacheKey struct {
	text string
	html bool
}

// compile parses text as a text template or, when html is true, as an
// html/template whose values are escaped. Parsed clones are pooled, since
// cloning the set costs more than rendering. Call release when done.
func (t *Templates) compile(text string, html bool) (*compiled, error) {
	key := cacheKey{text: text, html: html}
	if p, ok := t.cache.Load(key); ok {
		if c, ok := p.(*sync.Pool).Get().(*compiled); ok {
			return c, nil
		}
	}
	c := &compiled{}
	funcs := t.funcs(func() *Data { return c.data })
	var err error
	if html {
		c.html, err = t.html.Clone()
		if err == nil {
			c.html, err = c.html.New("").Option("missingkey=zero").Funcs(tmplhtml.FuncMap(funcs)).Parse(text)
		}
	} else {
		c.text, err = t.text.Clone()
		if err == nil {
			c.text, err = c.text.New("").Option("missingkey=zero").Funcs(tmpltext.FuncMap(funcs)).Parse(text)
		}
	}
	if err != nil {
		return nil, err
	}
	return c, nil
}

// release returns c to its pool.
func (t *Templates) release(text string, html bool, c *compiled) {
	c.data = nil
	p, _ := t.cache.LoadOrStore(cacheKey{text: text, html: html}, &sync.Pool{})
	p.(*sync.Pool).Put(c)
}

// run executes c on d. Output beyond maxOutput bytes is cut off (at a rune
// boundary) and reported with full false.
func (c *compiled) run(d *Data) (out string, full bool, err error) {
	c.data = d
	w := &cappedWriter{}
	if c.html != nil {
		err = c.html.Execute(w, d)
	} else {
		err = c.text.Execute(w, d)
	}
	if errors.Is(err, errTooLong) {
		return strings.ToValidUTF8(w.b.String(), ""), false, nil
	}
	return w.b.String(), true, err
}

// execute compiles and runs text once.
func (t *Templates) execute(text string, html bool, d *Data) (string, error) {
	if text == "" {
		return "", nil
	}
	c, err := t.compile(text, html)
	if err != nil {
		return "", err
	}
	defer t.release(text, html, c)
	s, _, err := c.run(d)
	return s, err
}

// cappedWriter keeps at most maxOutput bytes and then fails.
type cappedWriter struct{ b bytes.Buffer }

func (w *cappedWriter) Write(p []byte) (int, error) {
	if room := maxOutput - w.b.Len(); len(p) > room {
		w.b.Write(p[:room])
		return room, errTooLong
	}
	return w.b.Write(p)
}
