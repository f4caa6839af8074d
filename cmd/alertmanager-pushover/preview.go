package main

import (
	"io"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// writePreview writes templates.WritePreview's page of the planned
// messages: each as a phone shows it, line breaks kept.
// charts, when not nil, are the notifications' charts (see makeCharts).
func writePreview(w io.Writer, ns []pipeline.Notification, charts []chartResult) error {
	items := make([]templates.PreviewItem, 0, len(ns))
	for i, n := range ns {
		it := templates.PreviewItem{Route: n.Route.Name, Recipient: n.Recipient.Name,
			Priority: n.Priority.String(), Rendered: n.Rendered}
		if charts != nil {
			it.Chart = charts[i].png
		}
		switch {
		case n.Action == pipeline.Skip:
			it.Name = "not sent: resolved, and the route does not send_resolved"
		case n.Action == pipeline.HoldRinging:
			it.Name = "not sent: the emergency for these alerts still rings"
		case n.Action == pipeline.NoOneOnCall:
			it.Name = "not sent: schedule " + n.Schedule + " has no one on call"
		case n.Cancel:
			it.Name = "cancels the emergencies of tag " + n.Tag + " first"
		}
		items = append(items, it)
	}
	return templates.WritePreview(w, items)
}
