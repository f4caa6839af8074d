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
	// SecretURL: Message.URL is a credential (the action page's signed
	// link), never to be logged.
	SecretURL bool
}

// Cancellation asks Pushover to stop an emergency: the one of Receipt
// when set (what the ledger recorded), else every one carrying Tag (the
// stateless fallback). Route and Recipient are names, for logs and the
// answer.
type Cancellation struct {
	Route     string
	Recipient string
	Receipt   string
	Tag       string
}

// Sender delivers messages and cancels emergencies. *PushoverSender sends
// them to Pushover; *DryRun only logs them. Implementations must be safe
// for concurrent use.
type Sender interface {
	Send(ctx context.Context, e Envelope) (*pushover.Response, error)
	// Cancel cancels by receipt or tag and returns how many emergencies
	// Pushover said it cancelled.
	Cancel(ctx context.Context, c Cancellation) (int, error)
}

// PushoverSender is the Sender that talks to Pushover.
type PushoverSender struct {
	Client *pushover.Client
}

// Send implements Sender.
func (s PushoverSender) Send(ctx context.Context, e Envelope) (*pushover.Response, error) {
	return s.Client.Send(ctx, e.Message)
}

// Cancel implements Sender: Pushover answers a cancel by receipt with
// success (1) or an error, a cancel by tag with the number cancelled.
func (s PushoverSender) Cancel(ctx context.Context, c Cancellation) (int, error) {
	if c.Receipt != "" {
		if err := s.Client.Cancel(ctx, c.Receipt); err != nil {
			return 0, err
		}
		return 1, nil
	}
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
	url := m.URL
	if e.SecretURL {
		url = "<the action page's link>"
	}
	attachment := 0
	if m.Attachment != nil {
		attachment = len(m.Attachment.Data)
	}
	level.Info(d.logger).Log("msg", "would send message",
		"route", e.Route, "recipient", e.Recipient, "devices", fmt.Sprint(m.Devices),
		"priority", int(m.Priority), "sound", m.Sound, "tags", fmt.Sprint(m.Tags),
		"title", m.Title, "message", m.Message, "url", url, "attachment_bytes", attachment, "request", id)
	r := &pushover.Response{Request: id}
	if m.Priority == pushover.PriorityEmergency {
		r.Receipt = id
	}
	return r, nil
}

// Cancel implements Sender: it cancels nothing.
func (d *DryRun) Cancel(_ context.Context, c Cancellation) (int, error) {
	if c.Receipt != "" {
		level.Info(d.logger).Log("msg", "would cancel an emergency by receipt",
			"route", c.Route, "recipient", c.Recipient, "receipt", c.Receipt)
		return 0, nil
	}
	level.Info(d.logger).Log("msg", "would cancel emergencies by tag",
		"route", c.Route, "recipient", c.Recipient, "tag", c.Tag)
	return 0, nil
}
