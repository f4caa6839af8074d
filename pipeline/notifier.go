package pipeline

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Notifier delivers a page to one kind of destination, as an integration
// of Alertmanager's notify package does: it turns the page into its own
// wire format and sends it. The pipeline chooses the Notifier by the
// recipient's kind (Runtime.Notifiers) and knows nothing of the format.
// Errors are wrapped in a *DestinationError saying how they count (see
// ErrorClass); any other error is retryable. Implementations must be safe
// for concurrent use.
//
// Pushover's is package notify/pushovernotify, GroupMe's
// notify/groupmenotify; a dry run replaces each by a *DryRun.
type Notifier interface {
	Notify(ctx context.Context, p Page) (Delivered, error)
}

// Canceller stops emergencies: the Notifier of the destination whose
// emergencies ring (Pushover's) implements it. Cancel cancels by receipt
// when c.Receipt is set, else every emergency carrying c.Tag, and returns
// how many the destination said it cancelled. A receipt the destination
// refuses to cancel (a Permanent *DestinationError) no longer rings.
type Canceller interface {
	Cancel(ctx context.Context, c Cancellation) (int, error)
}

// SelfRendering is implemented by a Notifier that renders pages with its
// own templates from Page.Data (GroupMe's text): the pipeline does not
// render the route's templates for its recipients (Page.Rendered is empty).
type SelfRendering interface {
	RendersItself()
}

// Page is what the pipeline hands a Notifier: one delivery's alerts for
// one recipient, with what the route decided and, unless the Notifier is
// SelfRendering, the message rendered with the route's templates.
type Page struct {
	Route     string
	Recipient *routing.Recipient // its address (user key, bot id) is a secret
	// Data is what the templates render, restricted to the delivery's alerts.
	Data      *templates.Data
	Emergency bool // the page is a firing emergency: it rings until acknowledged
	Resolved  bool // every alert is resolved
	// PNG is a chart of the alerts, or nil (attached where the
	// destination can show one).
	PNG []byte

	// Rendered is the message of the route's templates: title, message,
	// url and url title fitted to their limits, the format, the timestamp.
	Rendered templates.Rendered
	// SecretURL: Rendered.URL is the action page's signed link, a
	// credential never to be logged.
	SecretURL bool
	Priority  priority.Priority
	Sound     string        // "" for the recipient's default
	TTL       time.Duration // below emergency: how long the message lives (0: for ever)
	// Retry and Expire: an emergency rings every Retry until acknowledged
	// or Expire has passed.
	Retry, Expire time.Duration
	// Tag marks an emergency, for cancellation by tag (emergency.Tag).
	Tag string
	// Callback is the URL an emergency's acknowledgement is posted to; "" for none.
	Callback string
}

// Delivered is what a destination said of an accepted page.
type Delivered struct {
	ID string // the destination's id of the message (Pushover's request), or ""
	// Receipt identifies an emergency that rings, for polling and
	// cancelling it; "" for none.
	Receipt string
	// Digested is how many messages the one that carried this delivery
	// folded (a digest: see pushover's digests); 0 when it went alone.
	Digested int
}

// Cancellation asks the destination to stop an emergency: the one of
// Receipt when set (what the ledger recorded), else every one carrying
// Tag (the stateless fallback). Route and Recipient are names, for logs
// and the answer.
type Cancellation struct {
	Route     string
	Recipient string
	Receipt   string
	Tag       string
}

// ErrorClass is how a destination's failure counts for the status contract.
type ErrorClass int

// The classes.
const (
	// Retryable: it may pass on a retry (answers 503).
	Retryable ErrorClass = iota
	// Permanent: a retry cannot help (answers 422); the delivery is
	// recorded refused, not asked again within receiver.dedup_window.
	Permanent
	// Quota: the destination's quota is exhausted: 503 when it resets
	// (Reset) within receiver.quota_retry_window, 422 otherwise.
	Quota
)

// DestinationError classifies a Notifier's (or Canceller's) error.
type DestinationError struct {
	Destination string // e.g. "GroupMe", for log messages
	Class       ErrorClass
	// MaybeAccepted: no answer was read; the destination may have
	// accepted the page, or still may: it is not sent again for a while.
	MaybeAccepted bool
	// Reset is when an exhausted quota resets; zero when unknown.
	Reset time.Time
	Err   error
}

// Error implements error.
func (e *DestinationError) Error() string { return e.Err.Error() }

// Unwrap returns the cause.
func (e *DestinationError) Unwrap() error { return e.Err }

// ErrNoNotifier: a recipient's kind has no Notifier in the runtime.
var ErrNoNotifier = errors.New("no destination is configured for this kind of recipient")

// ErrNoCanceller: the destination of emergencies cannot cancel them.
var ErrNoCanceller = errors.New("the destination of emergencies cannot cancel them")

// kindOf is the recipient's kind; a recipient without one is Pushover's.
func kindOf(rcp *routing.Recipient) string {
	if rcp.Kind == "" {
		return routing.KindPushover
	}
	return rcp.Kind
}

// isPushover reports whether rcp's emergencies ring (and are cancelled):
// only Pushover's do.
func isPushover(rcp *routing.Recipient) bool { return kindOf(rcp) == routing.KindPushover }

// notifierFor returns the Notifier of kind, wrapping ErrNoNotifier as a
// permanent error when there is none.
func notifierFor(rt *Runtime, kind string) (Notifier, error) {
	if nt := rt.Notifiers[kind]; nt != nil {
		return nt, nil
	}
	return nil, &DestinationError{Destination: kind, Class: Permanent, Err: fmt.Errorf("%w (%s)", ErrNoNotifier, kind)}
}

// cancellerOf returns the Canceller of the destination whose emergencies
// ring; its absence is a retryable error (nothing is marked cancelled).
func cancellerOf(rt *Runtime) (Canceller, error) {
	nt, err := notifierFor(rt, routing.KindPushover)
	if err != nil {
		return nil, &DestinationError{Destination: routing.KindPushover, Class: Retryable, Err: err}
	}
	c, ok := nt.(Canceller)
	if !ok {
		return nil, &DestinationError{Destination: routing.KindPushover, Class: Retryable, Err: ErrNoCanceller}
	}
	return c, nil
}
