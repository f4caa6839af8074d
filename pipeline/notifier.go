package pipeline

import (
	"context"
	"errors"
	"fmt"
	"sync/atomic"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Notifier delivers a page to one kind of destination, as an integration
// of Alertmanager's notify package does: it renders the page with its own
// templates into its own wire format and sends it. The pipeline chooses
// the Notifier by the recipient's kind (Runtime.Notifiers) and knows
// nothing of the format. Errors that a retry cannot fix are wrapped in a
// *DestinationError of class Permanent (or Quota); any other error is
// retryable. Implementations must be safe for concurrent use.
//
// Pushover, whose emergencies the pipeline tracks (receipts, cancellation
// by tag), is still sent through the Sender.
type Notifier interface {
	Notify(ctx context.Context, p Page) (Delivered, error)
}

// Page is what the pipeline hands a Notifier: one delivery's alerts for
// one recipient, with what the route decided.
type Page struct {
	Route     string
	Recipient *routing.Recipient // its address (e.g. BotID) is a secret
	// Data is what the templates render, restricted to the delivery's alerts.
	Data      *templates.Data
	Emergency bool // the page is a firing emergency: the text must say so
	Resolved  bool // every alert is resolved
	// PNG is a chart of the alerts, or nil (attached where the
	// destination can show one).
	PNG []byte
}

// Delivered is what a destination said of an accepted page.
type Delivered struct {
	ID string // the destination's id of the message, or ""
}

// ErrorClass is how a destination's failure counts for the status contract.
type ErrorClass int

// The classes.
const (
	// Retryable: it may pass on a retry (answers 503).
	Retryable ErrorClass = iota
	// Permanent: a retry cannot help (answers 422; recorded as refused).
	Permanent
	// Quota: the destination's quota is exhausted (answers 422).
	Quota
)

// DestinationError classifies a Notifier's error.
type DestinationError struct {
	Destination string // e.g. "GroupMe", for log messages
	Class       ErrorClass
	Err         error
}

// Error implements error.
func (e *DestinationError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *DestinationError) Unwrap() error { return e.Err }

// ErrNoNotifier: a recipient's kind has no Notifier in the runtime.
var ErrNoNotifier = errors.New("no destination is configured for this kind of recipient")

// notifierFor returns the Notifier of kind, wrapping ErrNoNotifier as a
// permanent error when there is none.
func notifierFor(rt *Runtime, kind string) (Notifier, error) {
	if nt := rt.Notifiers[kind]; nt != nil {
		return nt, nil
	}
	return nil, &DestinationError{Destination: kind, Class: Permanent, Err: fmt.Errorf("%w (%s)", ErrNoNotifier, kind)}
}

// DryRunNotifier logs, at info, every page it would send and reports
// success. It never logs an address.
type DryRunNotifier struct {
	Kind   string
	logger log.Logger
	n      atomic.Uint64
}

// NewDryRunNotifier returns a dry-run Notifier for kind, logging to logger.
func NewDryRunNotifier(kind string, logger log.Logger) *DryRunNotifier {
	return &DryRunNotifier{Kind: kind, logger: log.With(logger, "component", "dry_run")}
}

// Notify implements Notifier.
func (d *DryRunNotifier) Notify(_ context.Context, p Page) (Delivered, error) {
	id := fmt.Sprintf("dry-run-%s-%d", d.Kind, d.n.Add(1))
	level.Info(d.logger).Log("msg", "would send message", "destination", d.Kind, "route", p.Route,
		"recipient", p.Recipient.Name, "emergency", p.Emergency, "resolved", p.Resolved,
		"alerts", len(p.Data.Alerts), "request", id)
	return Delivered{ID: id}, nil
}
