package receiver

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// pollTimeout bounds one receipt poll.
const pollTimeout = 30 * time.Second

// ReceiptPoller is a Sender that can read a receipt; PushoverSender is one,
// DryRun is not (nothing is polled in a dry run).
type ReceiptPoller interface {
	Receipt(ctx context.Context, receipt string) (*pushover.Receipt, error)
}

// Receipt implements ReceiptPoller.
func (s PushoverSender) Receipt(ctx context.Context, receipt string) (*pushover.Receipt, error) {
	return s.Client.Receipt(ctx, receipt)
}

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
func (h *Handler) PollOnce(ctx context.Context) bool {
	rt := h.rt.Load()
	rp, ok := rt.Sender.(ReceiptPoller)
	interval := time.Duration(rt.Emergency.PollInterval)
	if !ok || interval <= 0 {
		return false
	}
	interval = max(interval, pushover.ReceiptPollFloor)
	now := h.now()
	e, ok := h.polls.next(h.ledger.Outstanding(now), now, interval)
	if !ok {
		return false
	}
	r, err := rp.Receipt(ctx, e.Receipt)
	switch {
	case err != nil:
		h.pollFailed(ctx, rt, e, err)
	case r.Acknowledged:
		_, _ = h.Acknowledge(ctx, Acknowledgement{Receipt: e.Receipt, UserKey: r.AcknowledgedBy,
			Device: r.AcknowledgedByDevice, At: r.AcknowledgedAt, Source: "poll"})
	case r.Expired:
		h.expire(ctx, e, "expired or cancelled")
	}
	return true
}

func (h *Handler) pollFailed(ctx context.Context, rt *Runtime, e ledger.Emergency, err error) {
	var ae *pushover.APIError
	if errors.As(err, &ae) { // Pushover no longer knows the receipt
		h.expire(ctx, e, "unknown to Pushover")
		return
	}
	level.Warn(h.logger).Log("msg", "could not poll an emergency's receipt", "route", e.Route,
		"recipient", e.Recipient, "err", rt.redact(err.Error()))
}

func (h *Handler) expire(ctx context.Context, e ledger.Emergency, why string) {
	level.Debug(h.logger).Log("msg", "emergency no longer rings", "route", e.Route, "recipient", e.Recipient, "why", why)
	if err := h.ledger.Expire(ctx, e.Receipt); err != nil {
		level.Error(h.logger).Log("msg", "could not record expired emergency", "route", e.Route, "err", err)
	}
}

// RunPoller polls receipts until ctx ends: at most one poll every
// emergency.poll_spacing overall (read at each step, so a reload applies).
func (h *Handler) RunPoller(ctx context.Context) {
	for {
		spacing := time.Duration(h.rt.Load().Emergency.PollSpacing)
		if spacing <= 0 {
			spacing = DefaultPollSpacing
		}
		t := time.NewTimer(spacing)
		select {
		case <-ctx.Done():
			t.Stop()
			return
		case <-t.C:
		}
		pctx, cancel := context.WithTimeout(ctx, pollTimeout)
		h.PollOnce(pctx)
		cancel()
	}
}
