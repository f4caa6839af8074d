package redisledger

import (
	"context"
	"strconv"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Claim implements the ledger's claim protocol: it takes the delivery key
// for r.Holder unless Pushover already accepted it (since r.AcceptedSince)
// or refused it (since r.RefusedSince), or another holder's unexpired
// claim holds it. The check and the claim are one Lua script, so of two
// replicas claiming the same key at once exactly one gets Claimed.
// Concurrent calls share one script run (see claimer): the deliveries of
// one webhook, claimed in parallel, cost one round trip together.
func (l *Ledger) Claim(ctx context.Context, key string, r ledger.ClaimRequest) (ledger.Claim, error) {
	now := l.opts.Now()
	floor := now.Add(-l.opts.Retention) // an older record has expired
	ttl := max(r.TTL, time.Millisecond)
	p := &pending{
		keys: [3]string{l.key("d:", key), l.key("x:", key), l.key("c:", key)},
		args: [5]any{r.Holder, ttl.Milliseconds(), nanos(later(r.AcceptedSince, floor)),
			nanos(later(r.RefusedSince, floor)), nanos(now.Add(ttl))},
		done: make(chan claimResult, 1),
	}
	res := l.claims.do(ctx, p)
	return res.claim, res.err
}

func later(a, b time.Time) time.Time {
	if a.After(b) {
		return a
	}
	return b
}

// runClaims runs the claim script for a batch, in one round trip.
func (l *Ledger) runClaims(ctx context.Context, batch []*pending) ([]ledger.Claim, error) {
	keys := make([]string, 0, 3*len(batch))
	args := make([]any, 0, 1+5*len(batch))
	args = append(args, nanos(l.opts.Now()))
	for _, p := range batch {
		keys = append(keys, p.keys[:]...)
		args = append(args, p.args[:]...)
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	vals, err := l.scripts.claim.Run(ctx, l.rdb, keys, args...).StringSlice()
	if err == nil && len(vals) != len(batch) {
		err = errScript
	}
	if err := l.done("claim", err); err != nil {
		return nil, err
	}
	out := make([]ledger.Claim, len(vals))
	for i, v := range vals {
		out[i] = claimOf(v)
	}
	return out, nil
}

func claimOf(v string) ledger.Claim {
	switch v[0] {
	case 'A':
		return ledger.Claim{State: ledger.Accepted, At: parseNanos(v[1:])}
	case 'R':
		return ledger.Claim{State: ledger.Refused, At: parseNanos(v[1:])}
	case 'H':
		return ledger.Claim{State: ledger.Held}
	}
	return ledger.Claim{State: ledger.Claimed}
}

// Accept turns holder's claim of key into the record that Pushover
// accepted the delivery at at, in one round trip. It records even without
// a claim.
func (l *Ledger) Accept(ctx context.Context, key, holder string, at time.Time) error {
	return l.settle(ctx, "record", l.key("d:", key), key, holder, at)
}

// Refuse turns holder's claim of key into the record that Pushover refused
// the delivery for good at at.
func (l *Ledger) Refuse(ctx context.Context, key, holder string, at time.Time) error {
	return l.settle(ctx, "refuse", l.key("x:", key), key, holder, at)
}

func (l *Ledger) settle(ctx context.Context, op, record, key, holder string, at time.Time) error {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	keys := []string{record, l.key("c:", key)}
	err := l.scripts.settle.Run(ctx, l.rdb, keys, holder, nanos(at), l.ttl(at).Milliseconds()).Err()
	return l.done(op, err)
}

// Release drops holder's claim of key, recording nothing, so a retry may
// send. A claim of another holder is kept.
func (l *Ledger) Release(ctx context.Context, key, holder string) error {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("release", l.scripts.release.Run(ctx, l.rdb, []string{l.key("c:", key)}, holder).Err())
}

// ttl is how long a record last changed at last is kept: the retention
// after last, by the ledger's clock (at least a millisecond: SET with no
// TTL would keep it for ever).
func (l *Ledger) ttl(last time.Time) time.Duration {
	return max(last.Add(l.opts.Retention).Sub(l.opts.Now()), time.Millisecond)
}

func parseNanos(s string) time.Time {
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return time.Time{}
	}
	return time.Unix(0, n)
}
