// Package pushovernotify is the pipeline's Pushover destination: a
// pipeline.Notifier that turns a page (rendered with the route's
// templates) into a pushover.Message for the recipient's user key and
// devices, with the route's priority, sound, ttl, and for an emergency its
// retry, expire, tag and acknowledgement callback, the chart (if any) as
// its attachment; it sends it and answers the request id and the
// emergency's receipt. It is the pipeline.Canceller of emergencies (by
// receipt, or by tag), and maps the pushover client's typed errors to the
// pipeline's error classes (Classify). It is the only code that joins the
// pipeline to Pushover's message and error types.
package pushovernotify

import (
	"context"
	"errors"
	"strings"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Destination names Pushover in logs.
const Destination = "Pushover"

// Client is what the notifier needs of *pushover.Client.
type Client interface {
	Send(ctx context.Context, m *pushover.Message) (*pushover.Response, error)
	Cancel(ctx context.Context, receipt string) error
	CancelByTag(ctx context.Context, tag string) (int, error)
}

// Notifier sends pages to Pushover and cancels emergencies there. It is
// safe for concurrent use.
type Notifier struct {
	client Client
	logger log.Logger
}

var (
	_ pipeline.Notifier  = (*Notifier)(nil)
	_ pipeline.Canceller = (*Notifier)(nil)
)

// New returns a Notifier sending with client.
func New(client Client, logger log.Logger) *Notifier {
	if logger == nil {
		logger = log.NewNopLogger()
	}
	return &Notifier{client: client, logger: log.With(logger, "component", "pushover")}
}

// Notify implements pipeline.Notifier. When Pushover refuses the message
// for its chart, it sends it again without: a chart never loses a page.
func (nt *Notifier) Notify(ctx context.Context, p pipeline.Page) (pipeline.Delivered, error) {
	msg := Message(p)
	resp, err := nt.client.Send(ctx, msg)
	if err != nil && msg.Attachment != nil && attachmentRefused(err) {
		level.Warn(nt.logger).Log("msg", "Pushover refused the chart, sending the message without it",
			"route", p.Route, "recipient", p.Recipient.Name, "err", err)
		msg.Attachment = nil
		resp, err = nt.client.Send(ctx, msg)
	}
	if err != nil {
		return pipeline.Delivered{}, Classify(err)
	}
	if resp == nil {
		return pipeline.Delivered{}, nil
	}
	return pipeline.Delivered{ID: resp.Request, Receipt: resp.Receipt, Digested: resp.Digested}, nil
}

// Cancel implements pipeline.Canceller: Pushover answers a cancel by
// receipt with success (1) or an error, a cancel by tag with the number
// cancelled.
func (nt *Notifier) Cancel(ctx context.Context, c pipeline.Cancellation) (int, error) {
	if c.Receipt != "" {
		if err := nt.client.Cancel(ctx, c.Receipt); err != nil {
			return 0, Classify(err)
		}
		return 1, nil
	}
	n, err := nt.client.CancelByTag(ctx, c.Tag)
	if err != nil {
		return 0, Classify(err)
	}
	return n, nil
}

// Message is the Pushover message of a page: to the recipient's user key
// and devices; retry, expire, the tag and the callback for an emergency,
// the ttl below it; the chart as an attachment.
func Message(p pipeline.Page) *pushover.Message {
	r := p.Rendered
	msg := &pushover.Message{
		Users:     []string{p.Recipient.UserKey},
		Devices:   p.Recipient.Devices,
		Title:     r.Title,
		Message:   r.Message,
		URL:       r.URL,
		URLTitle:  r.URLTitle,
		HTML:      r.Format == templates.FormatHTML,
		Monospace: r.Format == templates.FormatMonospace,
		Priority:  p.Priority,
		Sound:     p.Sound,
		Timestamp: r.Timestamp,
	}
	if p.Priority == pushover.PriorityEmergency {
		msg.Retry, msg.Expire, msg.Callback = p.Retry, p.Expire, p.Callback
		if p.Tag != "" {
			msg.Tags = []string{p.Tag}
		}
	} else {
		msg.TTL = p.TTL
	}
	if len(p.PNG) > 0 {
		msg.Attachment = Attachment(p.PNG)
	}
	return msg
}

// Attachment wraps a chart as a message's attachment. The same bytes may
// go to every recipient of a webhook: Send only reads them.
func Attachment(png []byte) *pushover.Attachment {
	return &pushover.Attachment{Filename: "chart.png", ContentType: "image/png", Data: png}
}

// Classify wraps a pushover error in the pipeline's class: an exhausted
// quota is Quota (with its reset); a temporary failure, a deadline or
// anything unknown may pass on a retry (MaybeAccepted when no answer was
// read); a refusal by Pushover (an APIError) and a message refused before
// it was sent (a ValidationError) are permanent.
func Classify(err error) error {
	de := &pipeline.DestinationError{Destination: Destination, Class: pipeline.Retryable, Err: err}
	var qe *pushover.QuotaError
	var ae *pushover.APIError
	var ve *pushover.ValidationError
	switch {
	case errors.As(err, &qe):
		de.Class, de.Reset = pipeline.Quota, qe.Reset
	case pushover.IsRetryable(err), errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		de.MaybeAccepted = pushover.MaybeAccepted(err)
	case errors.As(err, &ae):
		de.Class = pipeline.Permanent
	case errors.As(err, &ve):
		de.Class = pipeline.Permanent
	}
	return de
}

// attachmentRefused reports whether the client or Pushover refused a
// message for its attachment.
func attachmentRefused(err error) bool {
	var ve *pushover.ValidationError
	if errors.As(err, &ve) {
		return ve.Field == "attachment"
	}
	var ae *pushover.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if _, ok := ae.Fields["attachment"]; ok {
		return true
	}
	for _, e := range ae.Errors {
		if strings.Contains(strings.ToLower(e), "attachment") {
			return true
		}
	}
	return false
}
