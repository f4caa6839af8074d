package receiver

import (
	"time"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// EmergencyView is what planning knows of earlier emergencies: the
// ledger, read at Now. A nil *EmergencyView knows nothing.
type EmergencyView struct {
	Ledger EmergencyLedger
	Now    time.Time
}

// acknowledged is the latest acknowledgement of the group's emergencies
// sent for any of alerts, for templates (.Acknowledged).
func (v *EmergencyView) acknowledged(m *Message, alerts template.Alerts) *templates.Acknowledgement {
	if v == nil || v.Ledger == nil {
		return nil
	}
	a := v.Ledger.Acknowledgement(m.Receiver, m.GroupKey, alertRefs(alerts))
	if a == nil {
		return nil
	}
	return &templates.Acknowledgement{By: a.By, Device: a.Device, At: a.At}
}

// partialOrRinging refines a firing notification at emergency priority
// with the emergencies already sent under its tag, and reports whether it
// became an update (Update: some alerts resolved, every firing one already
// paged; the caller turns it into a resolved-priority message). It sets
// Ringing when an emergency covering the firing alerts still rings and
// the route does not repeat while ringing.
func (v *EmergencyView) partialOrRinging(n *Notification, alerts template.Alerts) bool {
	if v == nil || v.Ledger == nil || n.Priority != pushover.PriorityEmergency {
		return false
	}
	cov := v.Ledger.Cover(n.Tag, alertRefs(alerts.Firing()), v.Now)
	switch {
	case cov != ledger.NotPaged && len(alerts.Resolved()) > 0:
		n.Update = true
	case cov == ledger.Ringing && !n.Route.Settings.RepeatWhileRinging:
		n.Ringing = true
	}
	return n.Update
}
