package redisledger

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/redis/go-redis/v9"
)

// ClaimRequest asks Claim for one delivery.
type ClaimRequest struct {
	Key string
	// ResendBefore makes an accepted record older than it claimable again
	// (a reminder past the dedup window); zero: an accepted delivery is
	// never claimed again.
	ResendBefore time.Time
}

// ClaimState is what Claim found for one delivery.
type ClaimState int

// The claim states.
const (
	// Claimed: the caller holds the delivery; it sends, then Records or
	// Releases it.
	Claimed ClaimState = iota
	// AlreadyAccepted: Pushover accepted it at Claim.At; do not send.
	AlreadyAccepted
	// InFlight: another sender holds it and has not finished; do not send
	// (Alertmanager's retry will find it accepted, or free again).
	InFlight
)

// Claim is the answer of Claim for one delivery.
type Claim struct {
	State ClaimState
	At    time.Time // when accepted (AlreadyAccepted only)
}

// Claim claims the deliveries of reqs for this replica, atomically and in
// one round trip: of two replicas claiming the same key at once, exactly
// one gets Claimed. A claim lasts Options.ClaimTTL unless recorded or
// released first.
func (l *Ledger) Claim(ctx context.Context, reqs []ClaimRequest) ([]Claim, error) {
	if len(reqs) == 0 {
		return nil, nil
	}
	keys := make([]string, len(reqs))
	args := make([]any, 0, len(reqs)+2)
	args = append(args, l.claimValue(), l.opts.ClaimTTL.Milliseconds())
	for i, r := range reqs {
		keys[i] = l.key("d:", r.Key)
		resend := ""
		if !r.ResendBefore.IsZero() {
			resend = nanos(r.ResendBefore)
		}
		args = append(args, resend)
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	vals, err := l.scripts.claim.Run(ctx, l.rdb, keys, args...).StringSlice()
	if err := l.done("claim", err); err != nil {
		return nil, err
	}
	if len(vals) != len(reqs) {
		return nil, l.done("claim", errors.New("the claim script answered for a different number of keys"))
	}
	out := make([]Claim, len(reqs))
	for i, v := range vals {
		out[i] = claimOf(v)
	}
	return out, nil
}

func claimOf(v string) Claim {
	if v == "" {
		return Claim{State: Claimed}
	}
	if at, ok := acceptedAt(v); ok {
		return Claim{State: AlreadyAccepted, At: at}
	}
	return Claim{State: InFlight}
}

// claimValue is what a key claimed by this replica holds.
func (l *Ledger) claimValue() string { return "c" + l.opts.Holder }

// Release drops this replica's claims of keys (a send that failed), so a
// retry may send. Keys accepted or claimed by others meanwhile are kept.
func (l *Ledger) Release(ctx context.Context, keys ...string) error {
	if len(keys) == 0 {
		return nil
	}
	full := make([]string, len(keys))
	for i, k := range keys {
		full[i] = l.key("d:", k)
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("release", l.scripts.release.Run(ctx, l.rdb, full, l.claimValue()).Err())
}

// Accepted reports when the delivery with key was accepted; ok is false
// when it never was, the record expired, or it is only claimed.
func (l *Ledger) Accepted(ctx context.Context, key string) (time.Time, bool, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	v, err := l.rdb.Get(ctx, l.key("d:", key)).Result()
	if err := l.done("accepted", err); err != nil {
		if errors.Is(err, redis.Nil) {
			return time.Time{}, false, nil
		}
		return time.Time{}, false, err
	}
	at, ok := acceptedAt(v)
	if ok && l.opts.Now().Sub(at) > l.opts.Retention {
		return time.Time{}, false, nil
	}
	return at, ok, nil
}

// Record notes that Pushover accepted the delivery with key at at: the
// claim (if any) becomes the accepted record, kept for the retention.
func (l *Ledger) Record(ctx context.Context, key string, at time.Time) error {
	ttl := l.ttl(at)
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("record", l.rdb.Set(ctx, l.key("d:", key), "a"+nanos(at), ttl).Err())
}

// ttl is how long a record last changed at last is kept: the retention
// after last, by the ledger's clock (at least a millisecond: SET with no
// TTL would keep it for ever).
func (l *Ledger) ttl(last time.Time) time.Duration {
	return max(last.Add(l.opts.Retention).Sub(l.opts.Now()), time.Millisecond)
}

func acceptedAt(v string) (time.Time, bool) {
	if !strings.HasPrefix(v, "a") {
		return time.Time{}, false
	}
	n, err := strconv.ParseInt(v[1:], 10, 64)
	if err != nil {
		return time.Time{}, false
	}
	return time.Unix(0, n), true
}
