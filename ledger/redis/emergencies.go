package redisledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// AddEmergency records an emergency message Pushover accepted, with its
// indexes (tag, group, ringing, sent), in one transaction.
func (l *Ledger) AddEmergency(ctx context.Context, e ledger.Emergency) error {
	if e.Touched.IsZero() {
		e.Touched = e.SentAt
	}
	b, err := json.Marshal(e)
	if err != nil {
		return err
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	ttl := l.ttl(last(e))
	var outstanding *redis.IntCmd
	_, err = l.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Set(ctx, l.key("e:", e.Receipt), b, ttl)
		l.index(ctx, p, l.key("t:", e.Tag), e.Receipt, ttl)
		l.index(ctx, p, l.groupKey(e.Receiver, e.GroupKey), e.Receipt, ttl)
		for _, k := range l.fingerprintKeys(e) {
			l.index(ctx, p, k, e.Receipt, ttl)
		}
		p.ZAdd(ctx, l.key("sent", ""), redis.Z{Score: float64(e.SentAt.UnixMilli()), Member: e.Receipt})
		extend(ctx, p, l.key("sent", ""), ttl)
		if e.Ringing(l.opts.Now()) {
			p.ZAdd(ctx, l.key("out", ""), redis.Z{Score: float64(e.ExpiresAt.UnixMilli()), Member: e.Receipt})
			extend(ctx, p, l.key("out", ""), ttl)
		}
		outstanding = l.countOutstanding(ctx, p)
		return nil
	})
	if err := l.done("add_emergency", err); err != nil {
		return err
	}
	l.opts.Observer.EmergenciesOutstanding(int(outstanding.Val()))
	return nil
}

// last is the time from which an emergency's retention runs: its last
// change, and never before Pushover stops ringing it.
func last(e ledger.Emergency) time.Time {
	if e.ExpiresAt.After(e.Touched) {
		return e.ExpiresAt
	}
	return e.Touched
}

// index adds member to the set key, which lives as long as its longest-lived member.
func (l *Ledger) index(ctx context.Context, p redis.Pipeliner, key, member string, ttl time.Duration) {
	p.SAdd(ctx, key, member)
	extend(ctx, p, key, ttl)
}

// extend makes key live at least ttl from now (a key with no TTL gets it).
func extend(ctx context.Context, p redis.Pipeliner, key string, ttl time.Duration) {
	ms := ttl.Milliseconds()
	p.Do(ctx, "PEXPIRE", key, ms, "NX")
	p.Do(ctx, "PEXPIRE", key, ms, "GT")
}

// countOutstanding queues the count of receipts ringing now.
func (l *Ledger) countOutstanding(ctx context.Context, p redis.Pipeliner) *redis.IntCmd {
	return p.ZCount(ctx, l.key("out", ""), "("+strconv.FormatInt(l.opts.Now().UnixMilli(), 10), "+inf")
}

// fingerprintKeys are the index sets of the fingerprints of e's alerts.
func (l *Ledger) fingerprintKeys(e ledger.Emergency) []string {
	keys := make([]string, 0, len(e.Alerts))
	for _, a := range e.Alerts {
		keys = append(keys, l.key("f:", a.Fingerprint))
	}
	return keys
}

func (l *Ledger) groupKey(receiver, groupKey string) string {
	h := sha256.Sum256([]byte(receiver + "\x00" + groupKey))
	return l.key("g:", hex.EncodeToString(h[:16]))
}

// Emergency returns the emergency of receipt; ok is false when unknown.
func (l *Ledger) Emergency(ctx context.Context, receipt string) (ledger.Emergency, bool, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	b, err := l.rdb.Get(ctx, l.key("e:", receipt)).Bytes()
	if err := l.done("emergency", err); err != nil {
		if errors.Is(err, redis.Nil) {
			return ledger.Emergency{}, false, nil
		}
		return ledger.Emergency{}, false, err
	}
	var e ledger.Emergency
	if err := json.Unmarshal(b, &e); err != nil {
		return ledger.Emergency{}, false, fmt.Errorf("ledger emergency: undecodable record: %w", err)
	}
	return e, true, nil
}

// Emergencies returns the emergencies that f selects, oldest first. It
// reads one index, the narrowest f names (tag, group, fingerprints,
// ringing, sent after, else every emergency sent within the retention), in
// one round trip.
func (l *Ledger) Emergencies(ctx context.Context, f ledger.Filter) ([]ledger.Emergency, error) {
	var es []ledger.Emergency
	var err error
	switch {
	case f.Tag != "":
		es, err = l.setMembers(ctx, l.key("t:", f.Tag))
	case f.Receiver != "" && f.GroupKey != "":
		es, err = l.setMembers(ctx, l.groupKey(f.Receiver, f.GroupKey))
	case len(f.Fingerprints) > 0:
		keys := make([]string, len(f.Fingerprints))
		for i, fp := range f.Fingerprints {
			keys[i] = l.key("f:", fp)
		}
		es, err = l.setMembers(ctx, keys...)
	case !f.RingingAt.IsZero():
		es, err = l.zsetMembers(ctx, l.key("out", ""), "("+ms(f.RingingAt), "+inf")
	case !f.SentAfter.IsZero():
		es, err = l.zsetMembers(ctx, l.key("sent", ""), ms(f.SentAfter), "+inf")
	default:
		es, err = l.zsetMembers(ctx, l.key("sent", ""), "-inf", "+inf")
	}
	if err != nil {
		return nil, err
	}
	out := es[:0]
	for i := range es {
		if f.Match(&es[i]) {
			out = append(out, es[i])
		}
	}
	sort.Slice(out, func(i, j int) bool {
		if !out[i].SentAt.Equal(out[j].SentAt) {
			return out[i].SentAt.Before(out[j].SentAt)
		}
		return out[i].Receipt < out[j].Receipt
	})
	return out, nil
}

func ms(t time.Time) string { return strconv.FormatInt(t.UnixMilli(), 10) }

// setMembers reads the emergencies of the index sets keys (their union),
// in one round trip.
func (l *Ledger) setMembers(ctx context.Context, keys ...string) ([]ledger.Emergency, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	vals, err := l.scripts.setValues.Run(ctx, l.rdb, keys, l.key("e:", "")).StringSlice()
	return l.decode(vals, err)
}

// zsetMembers reads the emergencies of the sorted set key with a score in
// [lo, hi], in one round trip.
func (l *Ledger) zsetMembers(ctx context.Context, key, lo, hi string) ([]ledger.Emergency, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	vals, err := l.scripts.zsetValues.Run(ctx, l.rdb, []string{key}, l.key("e:", ""), lo, hi).StringSlice()
	return l.decode(vals, err)
}

// decode turns member/value pairs into emergencies, skipping what does
// not decode.
func (l *Ledger) decode(vals []string, err error) ([]ledger.Emergency, error) {
	if err := l.done("emergencies", err); err != nil && !errors.Is(err, redis.Nil) {
		return nil, err
	}
	out := make([]ledger.Emergency, 0, len(vals)/2)
	for i := 1; i < len(vals); i += 2 {
		var e ledger.Emergency
		if json.Unmarshal([]byte(vals[i]), &e) == nil {
			out = append(out, e)
		}
	}
	return out, nil
}
