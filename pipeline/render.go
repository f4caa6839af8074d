package pipeline

import (
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// TemplateSpec is the template spec of a route's settings.
func TemplateSpec(s routing.Effective) templates.Spec {
	return templates.Spec{Title: s.Title, Message: s.Message, URL: s.URL, URLTitle: s.URLTitle,
		Format: templates.Format(s.Format)}
}

// Render renders n's message with the route's templates (n.Rendered). The
// pipeline calls it only for a notification it is about to send to a
// destination that is not SelfRendering. With rt.Actions, the message
// links to its group's action page unless the route sets a url.
func Render(rt *Runtime, n *Notification) {
	n.Rendered = rt.Templates.Render(TemplateSpec(n.Route.Settings), n.Data)
	linkActionPage(rt, n)
}

// Page is what a Notifier is handed for n (rendered by Render, or not:
// for a SelfRendering one): the route's settings for the message, the
// emergency's tag and, for an emergency, rt's acknowledgement callback.
func (n *Notification) Page(rt *Runtime) Page {
	s := n.Route.Settings
	p := Page{Route: n.Route.Name, Recipient: n.Recipient, Data: n.Data, PNG: n.PNG,
		Emergency: n.Status == "firing" && n.Priority == priority.Emergency,
		Resolved:  n.Status == "resolved",
		Rendered:  n.Rendered, SecretURL: n.ActionLink,
		Priority: n.Priority, Sound: n.Sound, TTL: s.TTL, Retry: s.Retry, Expire: s.Expire, Tag: n.Tag}
	if n.Priority == priority.Emergency {
		p.Callback = rt.Callback
	}
	return p
}
