package pipeline

import (
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// TemplateSpec is the template spec of a route's settings.
func TemplateSpec(s routing.Effective) templates.Spec {
	return templates.Spec{Title: s.Title, Message: s.Message, URL: s.URL, URLTitle: s.URLTitle,
		Format: templates.Format(s.Format)}
}

// Render renders n's message (n.Rendered, n.Message). The pipeline calls it
// only for a notification it is about to send. With rt.Actions, the
// message links to its group's action page unless the route sets a url.
func Render(rt *Runtime, n *Notification) {
	n.Rendered = rt.Templates.Render(TemplateSpec(n.Route.Settings), n.Data)
	n.Message = message(n)
	linkActionPage(rt, n)
	if n.Priority == pushover.PriorityEmergency {
		n.Message.Callback = rt.Callback
	}
}

// message builds the Pushover message of a rendered notification.
func message(n *Notification) *pushover.Message {
	s, r := n.Route.Settings, n.Rendered
	msg := &pushover.Message{
		Users:     []string{n.Recipient.UserKey},
		Devices:   n.Recipient.Devices,
		Title:     r.Title,
		Message:   r.Message,
		URL:       r.URL,
		URLTitle:  r.URLTitle,
		HTML:      r.Format == templates.FormatHTML,
		Monospace: r.Format == templates.FormatMonospace,
		Priority:  n.Priority,
		Sound:     n.Sound,
		Timestamp: r.Timestamp,
	}
	if n.Priority == pushover.PriorityEmergency {
		msg.Retry, msg.Expire, msg.Tags = s.Retry, s.Expire, []string{n.Tag}
	} else {
		msg.TTL = s.TTL
	}
	return msg
}
