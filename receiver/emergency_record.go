package receiver

import (
	"context"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// recordEmergency notes an emergency Pushover accepted, with what the
// acknowledgement, the ring check and silence_on_ack need later. A failure
// is logged: the page went out, and cancel-by-tag needs no record.
func (h *Handler) recordEmergency(ctx context.Context, m *Message, n Notification, receipt string) {
	firing := n.Alerts.Firing()
	labels := make([]map[string]string, 0, len(firing))
	for _, a := range firing {
		labels = append(labels, map[string]string(a.Labels))
	}
	now := h.now()
	e := ledger.Emergency{
		Receipt: receipt, Tag: n.Tag, Receiver: m.Receiver, GroupKey: m.GroupKey,
		Route: n.Route.Name, Recipient: n.Recipient.Name,
		Alerts: alertRefs(firing), Labels: labels, ExternalURL: m.ExternalURL,
		SilenceFor: n.Route.Settings.SilenceOnAck,
		SentAt:     now, ExpiresAt: now.Add(n.Message.Expire), Touched: now,
	}
	if err := h.ledger.AddEmergency(ctx, e); err != nil {
		level.Error(h.logger).Log("msg", "could not record emergency", "route", e.Route, "recipient", e.Recipient, "err", err)
	}
}
