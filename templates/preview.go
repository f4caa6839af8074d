package templates

import (
	"embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"strings"
)

//go:embed preview.html
var previewFS embed.FS

// PreviewItem is one message for WritePreview: a delivery as rendered.
type PreviewItem struct {
	Name      string // what the reader should know it by, e.g. the payload file
	Route     string
	Recipient string
	Priority  string // lowest, low, normal, high or emergency
	Rendered  Rendered
	Chart     []byte // the PNG attached, if any
}

// previewItem adds the message body and the chart as the preview shows them.
type previewItem struct {
	PreviewItem
	Body     template.HTML
	ChartURL template.URL // a data: URL of the PNG; "" for none
}

// WritePreview writes a self-contained HTML page that shows each item as a
// phone would: title, message (HTML as Pushover renders it, else plain or
// monospace text), link, priority and recipient, and what fitting did.
// The alertmanager-pushover render command writes it with --html (the
// only preview of the project).
func WritePreview(w io.Writer, items []PreviewItem) error {
	tmpl, err := template.New("preview.html").Funcs(template.FuncMap{
		"runes": runes,
		"join":  func(sep string, s []string) string { return strings.Join(s, sep) },
	}).ParseFS(previewFS, "preview.html")
	if err != nil {
		return fmt.Errorf("templates: preview: %w", err)
	}
	views := make([]previewItem, len(items))
	for i, it := range items {
		views[i] = previewItem{PreviewItem: it, Body: previewBody(it.Rendered)}
		if len(it.Chart) > 0 { // base64 of our own PNG: nothing to escape
			views[i].ChartURL = template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(it.Chart)) //nolint:gosec
		}
	}
	if err := tmpl.Execute(w, views); err != nil {
		return fmt.Errorf("templates: preview: %w", err)
	}
	return nil
}

// previewBody is the message as safe HTML. An HTML message is sanitized
// again, so that only Pushover's tags (and http, https, mailto, tel and sms
// links) reach the page, whoever built the Rendered.
func previewBody(r Rendered) template.HTML {
	if r.Format == FormatHTML {
		return template.HTML(sanitizeHTML(r.Message)) //nolint:gosec // sanitized to Pushover's subset
	}
	return template.HTML(template.HTMLEscapeString(r.Message)) //nolint:gosec // escaped
}
