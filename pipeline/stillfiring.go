package pipeline

import (
	"context"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
)

// AlertCounter counts the alerts Alertmanager holds that page (firing,
// neither silenced nor inhibited) and match a filter; *amclient.Client is
// one.
type AlertCounter interface {
	ActiveAlerts(ctx context.Context, filter []amclient.Matcher) (int, error)
}

// NotPaging is why an escalation halts when Alertmanager no longer pages
// any of its alerts.
const NotPaging = "Alertmanager no longer pages its alerts (silenced, inhibited or resolved)"

// StillFiring is the engine's check, before a level fires, that any
// firing alert of the escalation (its snapshot's) still pages in
// Alertmanager: an alert silenced away stops the escalation, as a resolve
// does. am returns the API to ask; nil (no alertmanager.url configured)
// skips the check, and so does an escalation without alert labels. An
// error lets the level fire.
func StillFiring(am func() (AlertCounter, error)) escalation.StillFiring {
	return func(ctx context.Context, rec escalation.Record) (bool, string, error) {
		c, err := am()
		if err != nil || c == nil {
			return true, "", err
		}
		firing := decodeSnapshot(rec.Snapshot).Data.Alerts.Firing()
		if len(firing) == 0 {
			return true, "", nil
		}
		for _, a := range firing {
			n, err := c.ActiveAlerts(ctx, amclient.ExactMatchers(a.Labels))
			if err != nil || n > 0 {
				return true, "", err
			}
		}
		return false, NotPaging, nil
	}
}
