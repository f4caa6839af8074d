package emergency

import (
	"context"
	"time"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Sent is an emergency message Pushover accepted.
type Sent struct {
	Receipt     string
	Tag         string
	Receiver    string // the Alertmanager receiver
	GroupKey    string
	ExternalURL string // the payload's; the emergency's source
	Route       string
	Recipient   string          // the recipient's name
	Alerts      template.Alerts // the delivery's alerts; the firing ones are recorded
	SilenceFor  time.Duration   // the route's silence_on_ack
	Expire      time.Duration   // how long Pushover rings it
	Level       int             // the escalation level that paged (2 and up); 0: the route's own page
}

// Record notes an emergency Pushover accepted, with what the
// acknowledgement, the ring check and silence_on_ack need later. A failure
// is logged: the page went out, and cancel by tag needs no record.
func (t *Tracker) Record(ctx context.Context, s Sent) error {
	firing := s.Alerts.Firing()
	labels := make([]map[string]string, 0, len(firing))
	for _, a := range firing {
		labels = append(labels, map[string]string(a.Labels))
	}
	now := t.now()
	e := ledger.Emergency{
		Receipt: s.Receipt, Tag: s.Tag, Receiver: s.Receiver, GroupKey: s.GroupKey,
		Route: s.Route, Recipient: s.Recipient, Level: s.Level,
		Alerts: AlertRefs(firing), Labels: labels, ExternalURL: s.ExternalURL,
		SilenceFor: s.SilenceFor, SentAt: now, ExpiresAt: now.Add(s.Expire), Touched: now,
	}
	err := t.ledger.AddEmergency(ctx, e)
	if err != nil {
		level.Error(t.logger).Log("msg", "could not record emergency", "route", e.Route, "recipient", e.Recipient, "err", err)
	}
	return err
}

// CancelledTag records that Pushover cancelled every emergency carrying
// tag at at. A failure is logged.
func (t *Tracker) CancelledTag(ctx context.Context, tag string, at time.Time) {
	es, err := t.ledger.Emergencies(ctx, ledger.Filter{Tag: tag})
	for _, e := range es {
		if e.Cancelled.IsZero() && err == nil {
			err = t.ledger.Cancel(ctx, e.Receipt, at)
		}
	}
	if err != nil {
		level.Error(t.logger).Log("msg", "could not record cancelled emergencies", "err", err)
	}
}
