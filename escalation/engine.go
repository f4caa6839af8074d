package escalation

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"sync"
	"time"

	"github.com/go-kit/log"
)

// Defaults of Options.
const (
	DefaultLeaseTTL   = 30 * time.Second
	DefaultPoll       = 10 * time.Second
	DefaultMinBackoff = 5 * time.Second
	DefaultMaxBackoff = 5 * time.Minute
)

// Options configure an Engine. Store, Pager and Canceller are required.
type Options struct {
	Store     Store
	Pager     Pager
	Canceller Canceller
	// Resolver resolves schedule names when a level fires; nil: every
	// name is a recipient.
	Resolver Resolver
	// StillFiring, when set, is asked before each level fires.
	StillFiring StillFiring
	// Holder names this replica in the lease (Run).
	Holder string
	// LeaseTTL is how long the lease lasts unrenewed; Run renews it every
	// third of it. A replica that dies stops firing within it.
	LeaseTTL time.Duration
	// Poll is the longest Run waits between reads of the store: it bounds
	// how late a record that another replica started is noticed.
	Poll time.Duration
	// MinBackoff and MaxBackoff bound the wait before a failed page or
	// cancel is retried; it doubles from the one to the other.
	MinBackoff, MaxBackoff time.Duration
	// Now and After are the clock (time.Now and time.After by default).
	Now   func() time.Time
	After func(d time.Duration) <-chan time.Time
	// Logger logs acknowledgements, fired levels and failures; never a key.
	Logger  log.Logger
	Metrics *Metrics
}

// Engine fires escalation levels. Start, Acknowledge and Resolve may be
// called on any replica; Run fires levels on the one holding the lease.
type Engine struct {
	o    Options
	wake chan struct{}

	mu    sync.Mutex
	retry map[string]retryState // backoff of failed pages and cancels, by record
}

type retryState struct {
	attempts int
	at       time.Time
}

// New returns an engine; it fires nothing until Run.
func New(o Options) (*Engine, error) {
	if o.Store == nil || o.Pager == nil || o.Canceller == nil {
		return nil, errors.New("escalation: Store, Pager and Canceller are required")
	}
	def(&o.Holder, "escalation")
	def(&o.LeaseTTL, DefaultLeaseTTL)
	def(&o.Poll, DefaultPoll)
	def(&o.MinBackoff, DefaultMinBackoff)
	def(&o.MaxBackoff, DefaultMaxBackoff)
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.After == nil {
		o.After = time.After
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	return &Engine{o: o, wake: make(chan struct{}, 1), retry: map[string]retryState{}}, nil
}

func def[T comparable](v *T, d T) {
	var zero T
	if *v == zero {
		*v = d
	}
}

// Notify wakes Run to read the store now (a record was started or
// changed). It never blocks.
func (e *Engine) Notify() {
	select {
	case e.wake <- struct{}{}:
	default:
	}
}

// Start records the first page of an escalation and wakes Run. rec must
// pass Validate: level 1 is the first page, fired with its receipts. If
// the scope's escalation is still running (a level left to fire, not
// acknowledged, resolved or halted), the page joins it (its receipts and
// alerts are added, the snapshot replaced, the policy and first-page time
// kept); otherwise rec starts a new one, so a page after the last level
// (Alertmanager's repeat_interval) escalates again from level 1.
func (e *Engine) Start(ctx context.Context, rec Record) (Record, error) {
	if err := rec.Validate(); err != nil {
		return Record{}, err
	}
	out, err := e.o.Store.Update(ctx, rec.ID, func(r *Record, found bool) error {
		if found && r.Active() {
			join(r, rec)
			return nil
		}
		uncancelled := r.Uncancelled // the old escalation's cancels still to retry
		*r = rec
		r.Uncancelled = appendNew(r.Uncancelled, uncancelled, "")
		return nil
	})
	if err != nil {
		return Record{}, fmt.Errorf("escalation %s: start: %w", rec.ID, err)
	}
	e.Notify()
	return out, nil
}

// join adds the first page in rec to the running escalation r.
func join(r *Record, rec Record) {
	first := &r.Fired[0]
	for _, n := range rec.Fired[0].Recipients {
		if !slices.Contains(first.Recipients, n) {
			first.Recipients = append(first.Recipients, n)
		}
	}
	for _, rc := range rec.Fired[0].Receipts {
		if !slices.Contains(first.Receipts, rc) {
			first.Receipts = append(first.Receipts, rc)
		}
	}
	for _, a := range rec.Alerts {
		if !slices.ContainsFunc(r.Alerts, func(b AlertRef) bool {
			return a.Fingerprint == b.Fingerprint && a.StartsAt.Equal(b.StartsAt)
		}) {
			r.Alerts = append(r.Alerts, a)
		}
	}
	if len(rec.Snapshot) > 0 {
		r.Snapshot = rec.Snapshot
	}
}

// Get returns the escalation id, for the status page and later messages.
func (e *Engine) Get(ctx context.Context, id string) (Record, bool, error) {
	return e.o.Store.Get(ctx, id)
}

// backoff records a failure of id at now and returns when to retry.
func (e *Engine) backoff(id string, now time.Time) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	st := e.retry[id]
	d := e.o.MinBackoff << min(st.attempts, 20)
	if d > e.o.MaxBackoff || d <= 0 {
		d = e.o.MaxBackoff
	}
	st.attempts++
	st.at = now.Add(d)
	e.retry[id] = st
	return st.at
}

// retryAt returns when id may be tried again (zero: now).
func (e *Engine) retryAt(id string) time.Time {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.retry[id].at
}

func (e *Engine) succeeded(id string) {
	e.mu.Lock()
	defer e.mu.Unlock()
	delete(e.retry, id)
}
