package redisledger

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"errors"
	"sort"
	"strconv"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// maxOutstanding bounds what Outstanding reads at once.
const maxOutstanding = 10000

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

func (l *Ledger) groupKey(receiver, groupKey string) string {
	h := sha256.Sum256([]byte(receiver + "\x00" + groupKey))
	return l.key("g:", hex.EncodeToString(h[:16]))
}

// Emergency returns the emergency with receipt.
func (l *Ledger) Emergency(receipt string) (ledger.Emergency, bool) {
	ctx, cancel := l.ctx(context.Background())
	defer cancel()
	b, err := l.rdb.Get(ctx, l.key("e:", receipt)).Bytes()
	if l.done("emergency", err) != nil {
		return ledger.Emergency{}, false
	}
	var e ledger.Emergency
	if json.Unmarshal(b, &e) != nil {
		return ledger.Emergency{}, false
	}
	return e, true
}

// Cover says what the ledger knows of tag's emergencies for the alerts
// refs at now: Ringing when one that covers them all still rings, Paged
// when one covered them but none rings any more, else NotPaged (also when
// the server cannot be asked: a page is better than a lost one).
func (l *Ledger) Cover(tag string, refs []ledger.AlertRef, now time.Time) ledger.Coverage {
	es, _ := l.setMembers("cover", l.key("t:", tag))
	c := ledger.NotPaged
	for _, e := range es {
		if !e.Covers(refs) {
			continue
		}
		if e.Ringing(now) {
			return ledger.Ringing
		}
		c = ledger.Paged
	}
	return c
}

// Acknowledgement returns the latest acknowledgement of an emergency of
// the group (receiver, group key) sent for any of refs, or nil.
func (l *Ledger) Acknowledgement(receiver, groupKey string, refs []ledger.AlertRef) *ledger.Ack {
	es, _ := l.setMembers("acknowledgement", l.groupKey(receiver, groupKey))
	var latest *ledger.Ack
	for _, e := range es {
		if e.Ack == nil || e.Receiver != receiver || e.GroupKey != groupKey || !e.Overlaps(refs) {
			continue
		}
		if latest == nil || e.Ack.At.After(latest.At) {
			latest = e.Ack
		}
	}
	return latest
}

// Outstanding returns the emergencies still ringing at now, oldest first.
func (l *Ledger) Outstanding(now time.Time) []ledger.Emergency {
	min := "(" + strconv.FormatInt(now.UnixMilli(), 10)
	es, _ := l.zsetMembers("outstanding", l.key("out", ""), min, "+inf", maxOutstanding, false)
	out := es[:0]
	for _, e := range es {
		if e.Ringing(now) {
			out = append(out, e)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].SentAt.Before(out[j].SentAt) })
	return out
}

// Recent returns up to n emergencies sent after since, newest first, in
// whatever state.
func (l *Ledger) Recent(since time.Time, n int) []ledger.Emergency {
	min := strconv.FormatInt(since.UnixMilli(), 10)
	es, _ := l.zsetMembers("recent", l.key("sent", ""), min, "+inf", n+8, true)
	out := make([]ledger.Emergency, 0, n)
	for _, e := range es {
		if e.SentAt.After(since) && len(out) < n {
			out = append(out, e)
		}
	}
	return out
}

// setMembers reads the emergencies of the index set key, in one round trip.
func (l *Ledger) setMembers(op, key string) ([]ledger.Emergency, error) {
	ctx, cancel := l.ctx(context.Background())
	defer cancel()
	vals, err := l.scripts.setValues.Run(ctx, l.rdb, []string{key}, l.key("e:", "")).StringSlice()
	return l.decode(op, vals, err)
}

// zsetMembers reads the emergencies of the sorted set key with a score in
// [min, max], at most limit, in one round trip.
func (l *Ledger) zsetMembers(op, key, min, max string, limit int, rev bool) ([]ledger.Emergency, error) {
	ctx, cancel := l.ctx(context.Background())
	defer cancel()
	order := ""
	if rev {
		order = "rev"
	}
	vals, err := l.scripts.zsetValues.Run(ctx, l.rdb, []string{key}, l.key("e:", ""), min, max, limit, order).StringSlice()
	return l.decode(op, vals, err)
}

// decode turns member/value pairs into emergencies, skipping what does
// not decode.
func (l *Ledger) decode(op string, vals []string, err error) ([]ledger.Emergency, error) {
	if err := l.done(op, err); err != nil && !errors.Is(err, redis.Nil) {
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
