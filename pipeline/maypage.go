package pipeline

import (
	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// MayPage reports, cheaply and before any ledger work, whether m would
// page: a firing alert lands on a route whose priority (its template
// rendered as planning renders it) is emergency. A priority template that
// fails counts as paging: the doubt goes to the page.
func MayPage(rt *Runtime, m *webhook.Message) bool {
	if rt.Router == nil {
		return false
	}
	firing := m.Alerts.Firing()
	ds, _ := rt.Router.Split(m.Receiver, firing)
	for _, d := range ds {
		s := d.Route.Settings
		if !s.MayBeEmergency() {
			continue
		}
		if p, ok := s.StaticPriority(); ok && p == priority.Emergency {
			return true
		}
		data := &templates.Data{Data: templates.Restrict(m.Data, d.Alerts), GroupKey: m.GroupKey,
			TruncatedAlerts: m.TruncatedAlerts, Route: d.Route.Name}
		if p, err := firingPriority(rt.Templates, s, data); err != nil || p == priority.Emergency {
			return true
		}
	}
	return false
}
