package emergency

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// pollTimeout bounds one receipt poll.
const pollTimeout = 30 * time.Second

// pollState remembers when each receipt was last polled.
type pollState struct {
	mu   sync.Mutex
	last map[string]time.Time
}

// next picks, among the outstanding emergencies, the one whose last poll
// (or sending) is longest ago, if that is at least interval ago, and notes
// it as polled at now. It forgets receipts no longer outstanding.
func (p *pollState) next(outstanding []ledger.Emergency, now time.Time, interval time.Duration) (ledger.Emergency, bool) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.last == nil {
		p.last = map[string]time.Time{}
	}
	keep := make(map[string]time.Time, len(outstanding))
	var pick ledger.Emergency
	var pickLast time.Time
	found := false
	for _, e := range outstanding {
		last, ok := p.last[e.Receipt]
		if ok {
			keep[e.Receipt] = last
		} else {
			last = e.SentAt
		}
		if now.Sub(last) >= interval && (!found || last.Before(pickLast)) {
			pick, pickLast, found = e, last, true
		}
	}
	if found {
		keep[pick.Receipt] = now
	}
	p.last = keep
	return pick, found
}

// PollOnce polls the receipt of one outstanding emergency, if one is due:
// each receipt at most every emergency.poll_interval (never under
// Pushover's 5 s), the one waiting longest first. It reports whether it
// polled. An acknowledged receipt is recorded (see Acknowledge); an
// expired, cancelled or forgotten one is no longer polled.
func (t *Tracker) PollOnce(ctx context.Context) bool {
	rt := t.rt.Load()
	interval := time.Duration(rt.Config.PollInterval)
	if rt.Poller == nil || interval <= 0 {
		return false
	}
	interval = max(interval, pushover.ReceiptPollFloor)
	now := t.now()
	outstanding, err := t.ledger.Emergencies(ctx, ledger.Filter{RingingAt: now})
	if err != nil {
		level.Warn(t.logger).Log("msg", "could not list outstanding emergencies", "err", err)
		return false
	}
	e, ok := t.polls.next(outstanding, now, interval)
	if !ok {
		return false
	}
	r, err := rt.Poller.Receipt(ctx, e.Receipt)
	switch {
	case err != nil:
		t.pollFailed(ctx, rt, e, err)
	case r.Acknowledged:
		_, _ = t.Acknowledge(ctx, Acknowledgement{Receipt: e.Receipt, UserKey: r.AcknowledgedBy,
			Device: r.AcknowledgedByDevice, At: r.AcknowledgedAt, Source: "poll"})
	case r.Expired:
		t.expire(ctx, e, "expired or cancelled")
	}
	return true
}

func (t *Tracker) pollFailed(ctx context.Context, rt *Runtime, e ledger.Emergency, err error) {
	var ae *pushover.APIError
	if errors.As(err, &ae) { // Pushover no longer knows the receipt
		t.expire(ctx, e, "unknown to Pushover")
		return
	}
	level.Warn(t.logger).Log("msg", "could not poll an emergency's receipt", "route", e.Route,
		"recipient", e.Recipient, "err", rt.Secrets.String(err.Error()))
}

func (t *Tracker) expire(ctx context.Context, e ledger.Emergency, why string) {
	level.Debug(t.logger).Log("msg", "emergency no longer rings", "route", e.Route, "recipient", e.Recipient, "why", why)
	if err := t.ledger.Expire(ctx, e.Receipt); err != nil {
		level.Error(t.logger).Log("msg", "could not record expired emergency", "route", e.Route, "err", err)
	}
}

// RunPoller polls receipts until ctx ends: at most one poll every
// emergency.poll_spacing overall (read at each step, so a reload applies).
func (t *Tracker) RunPoller(ctx context.Context) {
	for {
		spacing := time.Duration(t.rt.Load().Config.PollSpacing)
		if spacing <= 0 {
			spacing = DefaultPollSpacing
		}
		timer := time.NewTimer(spacing)
		select {
		case <-ctx.Done():
			timer.Stop()
			t.releaseLease(ctx)
			return
		case <-timer.C:
		}
		if !t.leased(ctx, spacing) {
			continue
		}
		pctx, cancel := context.WithTimeout(ctx, pollTimeout)
		t.PollOnce(pctx)
		cancel()
	}
}

// pollerLease is the lease that elects the one replica polling receipts.
const pollerLease = "receipt-poller"

// releaseLease gives up the poller's lease when the ledger can (the shared
// one), so that on a clean stop another replica polls at its next step
// rather than after the lease's TTL.
func (t *Tracker) releaseLease(ctx context.Context) {
	r, ok := t.ledger.(interface {
		ReleaseLease(ctx context.Context, name, holder string) error
	})
	if !ok {
		return
	}
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Second)
	defer cancel()
	if err := r.ReleaseLease(rctx, pollerLease, t.holder); err != nil {
		level.Warn(t.logger).Log("msg", "could not release the receipt poller's lease: another replica takes over when it expires", "err", err)
	}
}

// leased reports whether this replica holds the poller's lease (renewing
// it for a few polls' time). A ledger error counts as held: polling twice
// beats polling never.
func (t *Tracker) leased(ctx context.Context, spacing time.Duration) bool {
	ok, err := t.ledger.Lease(ctx, pollerLease, t.holder, max(10*spacing, pollTimeout))
	return ok || err != nil
}
