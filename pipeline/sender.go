package pipeline

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// Envelope is one message for one recipient of one route. Route and
// Recipient are names, for logs; the user key is in Message.Users.
type Envelope struct {
	Route     string
	Recipient string
	Message   *pushover.Message
}

// Cancellation asks Pushover to stop every emergency carrying Tag.
type Cancellation struct {
	Route     string
	Recipient string
	Tag       string
}

// Sender delivers messages and cancels emergencies. *PushoverSender sends
// them to Pushover; *DryRun only logs them. Implementations must be safe
// for concurrent use.
type Sender interface {
	Send(ctx context.Context, e Envelope) (*pushover.Response, error)
	CancelByTag(ctx context.Context, c Cancellation) (int, error)
}

// PushoverSender is the Sender that talks to Pushover.
type PushoverSender struct {
	Client *pushover.Client
}

// Send implements Sender.
func (s PushoverSender) Send(ctx context.Context, e Envelope) (*pushover.Response, error) {
	return s.Client.Send(ctx, e.Message)
}

// CancelByTag implements Sender.
func (s PushoverSender) CancelByTag(ctx context.Context, c Cancellation) (int, error) {
	return s.Client.CancelByTag(ctx, c.Tag)
}

// DryRun is a Sender that logs, at info, every message it would send and
// every cancellation it would ask for, and reports success, so that the
// bridge runs without a Pushover account. It never logs user keys.
type DryRun struct {
	logger log.Logger
	n      atomic.Uint64
}

// NewDryRun returns a dry-run Sender logging to logger.
func NewDryRun(logger log.Logger) *DryRun {
	return &DryRun{logger: log.With(logger, "component", "dry_run")}
}

// Send implements Sender.
func (d *DryRun) Send(_ context.Context, e Envelope) (*pushover.Response, error) {
	m := e.Message
	id := fmt.Sprintf("dry-run-%d", d.n.Add(1))
	attachment := 0
	if m.Attachment != nil {
		attachment = len(m.Attachment.Data)
	}
	level.Info(d.logger).Log("msg", "would send message",
		"route", e.Route, "recipient", e.Recipient, "devices", fmt.Sprint(m.Devices),
		"priority", int(m.Priority), "sound", m.Sound, "tags", fmt.Sprint(m.Tags),
		"title", m.Title, "message", m.Message, "url", m.URL, "attachment_bytes", attachment, "request", id)
	r := &pushover.Response{Request: id}
	if m.Priority == pushover.PriorityEmergency {
		r.Receipt = id
	}
	return r, nil
}

// CancelByTag implements Sender.
func (d *DryRun) CancelByTag(_ context.Context, c Cancellation) (int, error) {
	level.Info(d.logger).Log("msg", "would cancel emergencies by tag",
		"route", c.Route, "recipient", c.Recipient, "tag", c.Tag)
	return 0, nil
}
