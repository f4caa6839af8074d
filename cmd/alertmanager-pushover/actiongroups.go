package main

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// actionLinkTitle is the url_title of a message linking to its action page.
const actionLinkTitle = "Acknowledge or silence"

// actionGroups gives the action page its data from the ledger (action.Groups)
// and acknowledges through the emergency tracker (action.Acknowledger).
type actionGroups struct {
	store   ledger.GroupStore
	ledger  ledger.Ledger
	tracker *emergency.Tracker
	now     func() time.Time
	// charts is the chart source of the configuration in use (action.Charts).
	charts func() *chartSource
}

// Group implements action.Groups: the last webhook's alerts of the group,
// its emergencies (who was paged) and their acknowledgements.
func (g *actionGroups) Group(ctx context.Context, id action.GroupID) (action.GroupView, error) {
	grp, err := g.group(ctx, id)
	if err != nil {
		return action.GroupView{}, err
	}
	es, err := g.ledger.Emergencies(ctx, ledger.Filter{Receiver: grp.Receiver, GroupKey: grp.GroupKey})
	if err != nil {
		return action.GroupView{}, fmt.Errorf("the group's emergencies: %w", err)
	}
	v := action.GroupView{ID: id, Receiver: grp.Receiver, Title: grp.Title, Status: grp.Status,
		CommonLabels: grp.CommonLabels, UpdatedAt: grp.UpdatedAt, HasChart: g.hasChart(grp)}
	for _, a := range grp.Alerts {
		v.Alerts = append(v.Alerts, action.Alert{Status: a.Status, Labels: a.Labels, Annotations: a.Annotations,
			StartsAt: a.StartsAt, EndsAt: a.EndsAt})
	}
	now := g.now()
	for _, e := range es {
		v.Paged = append(v.Paged, action.Page{Recipient: e.Recipient, Route: e.Route,
			Priority: int(pushover.PriorityEmergency), At: e.SentAt, Ringing: e.Ringing(now)})
	}
	v.Acks = groupAcks(es)
	return v, nil
}

// groupAcks lists the emergencies' acknowledgements, oldest first, once
// each (one tap on the page acknowledges every emergency of the group).
func groupAcks(es []ledger.Emergency) []action.Ack {
	seen := map[action.Ack]bool{}
	var out []action.Ack
	for _, e := range es {
		if e.Ack == nil {
			continue
		}
		a := action.Ack{By: e.Ack.By, At: e.Ack.At.Truncate(time.Second), Via: e.Ack.Via}
		if a.Via == "" {
			a.Via = "Pushover"
		}
		if !seen[a] {
			seen[a] = true
			out = append(out, a)
		}
	}
	sort.SliceStable(out, func(i, j int) bool { return out[i].At.Before(out[j].At) })
	return out
}

// Acknowledge implements action.Acknowledger: the tracker cancels the
// group's ringing receipts and records the acknowledgement as recipient.
func (g *actionGroups) Acknowledge(ctx context.Context, id action.GroupID, recipient string) (bool, error) {
	grp, err := g.group(ctx, id)
	if err != nil {
		return false, err
	}
	return g.tracker.AcknowledgeGroup(ctx, grp.Receiver, grp.GroupKey, recipient, emergency.ViaActionPage)
}

func (g *actionGroups) group(ctx context.Context, id action.GroupID) (ledger.Group, error) {
	grp, ok, err := g.store.Group(ctx, id.String())
	switch {
	case err != nil:
		return grp, fmt.Errorf("the group: %w", err)
	case !ok:
		return grp, fmt.Errorf("group %s: %w", id, action.ErrUnknownGroup)
	}
	return grp, nil
}

// actionLinks is the pipeline's pipeline.ActionPages: it stores each
// webhook's group and makes the signed links.
type actionLinks struct {
	svc   *action.Service
	store ledger.GroupStore
}

// Remember implements pipeline.ActionPages.
func (l *actionLinks) Remember(ctx context.Context, m *webhook.Message) error {
	return l.store.PutGroup(ctx, groupSnapshot(m))
}

// Link implements pipeline.ActionPages.
func (l *actionLinks) Link(receiver, groupKey, recipient string) (string, string) {
	return l.svc.Link(action.NewGroupID(receiver, groupKey), recipient), actionLinkTitle
}

// groupSnapshot is what the ledger keeps of m's group for the page.
func groupSnapshot(m *webhook.Message) ledger.Group {
	g := ledger.Group{ID: action.NewGroupID(m.Receiver, m.GroupKey).String(), Receiver: m.Receiver,
		GroupKey: m.GroupKey, Title: groupTitle(m), Status: m.Status, CommonLabels: m.CommonLabels}
	for _, a := range m.Alerts {
		g.Alerts = append(g.Alerts, ledger.GroupAlert{Status: a.Status, Labels: a.Labels, Annotations: a.Annotations,
			StartsAt: a.StartsAt, EndsAt: resolvedAt(a.Status, a.EndsAt), Fingerprint: a.Fingerprint,
			GeneratorURL: a.GeneratorURL})
	}
	return g
}

// resolvedAt is a resolved alert's end; a firing alert's endsAt is only
// Alertmanager's timeout for it.
func resolvedAt(status string, end time.Time) time.Time {
	if status != action.StatusResolved {
		return time.Time{}
	}
	return end
}

// groupTitle is Alertmanager's default title: [FIRING:2] DiskFull (prod db).
func groupTitle(m *webhook.Message) string {
	n := len(m.Alerts.Firing())
	if m.Status == action.StatusResolved {
		n = len(m.Alerts)
	}
	var values []string
	for _, k := range m.GroupLabels.SortedPairs() {
		if k.Name != "alertname" {
			values = append(values, k.Value)
		}
	}
	t := fmt.Sprintf("[%s:%d] %s", strings.ToUpper(m.Status), n, m.CommonLabels["alertname"])
	if len(values) > 0 {
		t += " (" + strings.Join(values, " ") + ")"
	}
	return strings.TrimSpace(t)
}
