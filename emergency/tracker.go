package emergency

import (
	"context"
	"net/http"
	"sync/atomic"
	"time"

	"github.com/go-kit/log"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/inflight"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redact"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// ReceiptPoller reads a receipt; *pushover.Client is one. A dry run has
// none: nothing is polled.
type ReceiptPoller interface {
	Receipt(ctx context.Context, receipt string) (*pushover.Receipt, error)
}

// Runtime is what one configuration gives the tracker; it is swapped as a
// whole on reload (see Tracker.SetRuntime).
type Runtime struct {
	Config       Config
	Alertmanager AlertmanagerConfig
	// AlertmanagerToken is the bearer token for Alertmanager's API; "" for none.
	AlertmanagerToken string
	// Poller reads receipts; nil turns polling off.
	Poller ReceiptPoller
	// Canceller cancels receipts acknowledged on the action page; nil
	// (a dry run) only records the acknowledgement.
	Canceller ReceiptCanceller
	// Recipients maps user keys to recipient names, to say who
	// acknowledged (never the key).
	Recipients map[string]string
	// Secrets are hidden in every error text logged.
	Secrets redact.Secrets
}

// Tracker follows the emergencies the bridge sent: it records them,
// decides whether a repeat still rings, learns acknowledgements (receipt
// polls, Pushover's callback) and creates silences for them.
type Tracker struct {
	ledger   ledger.Ledger
	metrics  *Metrics
	logger   log.Logger
	now      func() time.Time
	http     *http.Client
	sleep    func(context.Context, time.Duration) error
	ctx      context.Context // the application's lifetime: silences end with it
	holder   string
	rt       atomic.Pointer[Runtime]
	polls    pollState
	silences inflight.Group
	onAck    func(ctx context.Context, e ledger.Emergency, source string)
}

// Options are the parts of a Tracker that outlive a configuration.
type Options struct {
	Ledger  ledger.Ledger
	Metrics *Metrics // required
	Logger  log.Logger
	Now     func() time.Time // time.Now when nil
	// Context is the application's lifetime; silences being created are
	// abandoned when it ends. context.Background() when nil.
	Context context.Context
	// HTTPClient calls Alertmanager's API (silence_on_ack); a client that
	// follows no redirect when nil.
	HTTPClient *http.Client
	// Sleep waits between attempts to create a silence; a timer when nil.
	Sleep func(ctx context.Context, d time.Duration) error
	// Holder names this replica for the poller's lease.
	Holder string
	// OnAcknowledged, when set, hears of every first acknowledgement (e
	// with its Ack; source is "poll", "callback" or the Via of an
	// acknowledgement made on the action page), after it is recorded:
	// the escalation engine stops the emergency's escalation.
	OnAcknowledged func(ctx context.Context, e ledger.Emergency, source string)
}

// NewTracker returns a tracker working with rt.
func NewTracker(rt *Runtime, o Options) *Tracker {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	if o.Context == nil {
		o.Context = context.Background()
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	t := &Tracker{ledger: o.Ledger, metrics: o.Metrics, logger: log.With(o.Logger, "component", "emergency"),
		now: o.Now, http: o.HTTPClient, sleep: o.Sleep, ctx: o.Context, holder: o.Holder, onAck: o.OnAcknowledged}
	t.rt.Store(rt)
	return t
}

// SetRuntime swaps the configuration atomically.
func (t *Tracker) SetRuntime(rt *Runtime) { t.rt.Store(rt) }

// Runtime returns the configuration in use.
func (t *Tracker) Runtime() *Runtime { return t.rt.Load() }

// Wait blocks until the silences being created are done, or ctx ends.
func (t *Tracker) Wait(ctx context.Context) error { return t.silences.Wait(ctx) }
