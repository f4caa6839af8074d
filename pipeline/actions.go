package pipeline

import (
	"context"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// ActionPages links messages to the bridge's action page (acknowledge or
// silence from the phone). The binary implements it over package action;
// the pipeline only calls it.
type ActionPages interface {
	// Remember stores what m says of its alert group, before any of its
	// messages goes out, so that the page a message links to shows it.
	Remember(ctx context.Context, m *webhook.Message) error
	// Link returns the supplementary URL, and its title, of a message to
	// recipient about the group (receiver, groupKey).
	Link(receiver, groupKey, recipient string) (url, title string)
}

// rememberGroup stores the group for the action page; a failure is logged: the
// messages go out all the same, and their page says it does not know the
// group.
func (p *Pipeline) rememberGroup(ctx context.Context, rt *Runtime, m *webhook.Message) {
	if rt.Actions == nil {
		return
	}
	if err := rt.Actions.Remember(context.WithoutCancel(ctx), m); err != nil {
		level.Error(p.logger).Log("msg", "could not store the alert group for its action page",
			"receiver", m.Receiver, "err", rt.Secrets.String(err.Error()))
	}
}

// linkActionPage makes n's supplementary URL the action page of its group
// for its recipient, unless the route sets its own url.
func linkActionPage(rt *Runtime, n *Notification) {
	if rt.Actions == nil || n.Route.Settings.OwnURL() {
		return
	}
	n.Rendered.URL, n.Rendered.URLTitle = rt.Actions.Link(n.Data.Receiver, n.Data.GroupKey, n.Recipient.Name)
	n.ActionLink = true
}
