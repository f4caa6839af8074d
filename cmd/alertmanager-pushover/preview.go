package main

import (
	"html/template"
	"io"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// previewPage shows each message roughly as a phone would. HTML bodies have
// been fitted to Pushover's HTML subset by the templates package and are
// shown as HTML; other formats are shown as text.
var previewPage = template.Must(template.New("preview").Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>alertmanager-pushover preview</title>
<style>body{font-family:sans-serif;max-width:40em;margin:2em auto;background:#eee}
.msg{background:#fff;border-radius:8px;padding:1em;margin:1em 0}
.meta{color:#666;font-size:.85em}.title{font-weight:bold;margin:.5em 0}
pre{white-space:pre-wrap;margin:0}</style></head><body>
{{range .}}<div class="msg"><div class="meta">{{.Route}} → {{.Recipient}} · {{.Priority}}{{if .Sound}} · {{.Sound}}{{end}}{{if .Cancel}} · cancels {{.Tag}} first{{end}}</div>
{{if .Skip}}<div class="meta">not sent: resolved, and the route does not send_resolved</div>{{else}}
<div class="title">{{.Title}}</div>{{if .HTML}}<div>{{.HTMLBody}}</div>{{else}}<pre>{{.Text}}</pre>{{end}}
{{if .URL}}<div><a href="{{.URL}}">{{if .URLTitle}}{{.URLTitle}}{{else}}{{.URL}}{{end}}</a></div>{{end}}{{end}}
</div>{{end}}</body></html>
`))

type previewItem struct {
	Route, Recipient, Priority, Sound, Tag string
	Cancel, Skip, HTML                     bool
	Title, Text, URL, URLTitle             string
	HTMLBody                               template.HTML
}

// writePreview writes an HTML page of the planned messages. (The templates
// package has no preview of its own yet.)
func writePreview(w io.Writer, ns []pipeline.Notification) error {
	items := make([]previewItem, 0, len(ns))
	for _, n := range ns {
		it := previewItem{Route: n.Route.Name, Recipient: n.Recipient.Name, Tag: n.Tag, Cancel: n.Cancel, Skip: n.Action == pipeline.Skip}
		if m := n.Message; m != nil {
			it.Priority, it.Sound, it.Title, it.URL, it.URLTitle = m.Priority.String(), m.Sound, m.Title, m.URL, m.URLTitle
			it.HTML = n.Rendered.Format == templates.FormatHTML
			it.Text = m.Message
			// The body went through the templates package's HTML
			// escaping and fitting: it is what Pushover would show.
			it.HTMLBody = template.HTML(m.Message) //nolint:gosec // sanitized by templates
		}
		items = append(items, it)
	}
	return previewPage.Execute(w, items)
}
