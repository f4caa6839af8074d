package redisledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// maxTxAttempts bounds the retries of an optimistic transaction that
// another replica's change of the same emergency made fail.
const maxTxAttempts = 16

// errContended is a change that lost its transaction maxTxAttempts times.
var errContended = errors.New("emergency changed concurrently too often")

// Acknowledge records the first acknowledgement of receipt. first is false
// when the receipt is unknown or was already acknowledged (by any
// replica); e is the record after the change.
func (l *Ledger) Acknowledge(ctx context.Context, receipt string, ack ledger.Ack) (e ledger.Emergency, first bool, err error) {
	now := l.opts.Now()
	changed, err := l.update(ctx, "acknowledge", []string{receipt}, func(rec *ledger.Emergency) bool {
		e = *rec
		if rec.Ack != nil {
			return false
		}
		a := ack
		rec.Ack, rec.Touched = &a, now
		e = *rec
		return true
	})
	return e, len(changed) == 1, err
}

// Expire records that Pushover no longer rings receipt.
func (l *Ledger) Expire(ctx context.Context, receipt string) error {
	now := l.opts.Now()
	_, err := l.update(ctx, "expire", []string{receipt}, func(rec *ledger.Emergency) bool {
		rec.Expired, rec.Touched = true, now
		return true
	})
	return err
}

// Cancel records that receipt was cancelled at at.
func (l *Ledger) Cancel(ctx context.Context, receipt string, at time.Time) error {
	_, err := l.update(ctx, "cancel", []string{receipt}, func(rec *ledger.Emergency) bool {
		if !rec.Cancelled.IsZero() {
			return false
		}
		rec.Cancelled, rec.Touched = at, at
		return true
	})
	return err
}

// update applies fn to the emergencies of receipts in an optimistic
// transaction (WATCH, read, MULTI, write), retried when another replica
// changed one of them meanwhile. It returns the emergencies fn changed.
func (l *Ledger) update(ctx context.Context, op string, receipts []string, fn func(*ledger.Emergency) bool) ([]ledger.Emergency, error) {
	keys := make([]string, len(receipts))
	for i, r := range receipts {
		keys[i] = l.key("e:", r)
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	var changed []ledger.Emergency
	var outstanding *redis.IntCmd
	tx := func(tx *redis.Tx) error {
		var err error
		outstanding = nil
		changed, err = l.read(ctx, tx, keys, fn)
		if err != nil || len(changed) == 0 {
			return err
		}
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error {
			outstanding = l.write(ctx, p, changed)
			return nil
		})
		return err
	}
	for range maxTxAttempts {
		err := l.rdb.Watch(ctx, tx, keys...)
		if errors.Is(err, redis.TxFailedErr) {
			continue
		}
		if err := l.done(op, err); err != nil {
			return nil, err
		}
		if outstanding != nil {
			l.opts.Observer.EmergenciesOutstanding(int(outstanding.Val()))
		}
		return changed, nil
	}
	return nil, l.done(op, fmt.Errorf("%w (%d attempts)", errContended, maxTxAttempts))
}

// read reads the watched keys and returns the emergencies fn changed.
func (l *Ledger) read(ctx context.Context, tx *redis.Tx, keys []string, fn func(*ledger.Emergency) bool) ([]ledger.Emergency, error) {
	vals, err := tx.MGet(ctx, keys...).Result()
	if err != nil {
		return nil, err
	}
	var changed []ledger.Emergency
	for _, v := range vals {
		s, ok := v.(string)
		if !ok {
			continue // gone
		}
		var e ledger.Emergency
		if json.Unmarshal([]byte(s), &e) != nil || !fn(&e) {
			continue
		}
		changed = append(changed, e)
	}
	return changed, nil
}

// write queues the changed emergencies, their indexes' lifetimes, their
// removal from the ringing set when they stopped ringing, and the count
// of those still ringing.
func (l *Ledger) write(ctx context.Context, p redis.Pipeliner, changed []ledger.Emergency) *redis.IntCmd {
	now := l.opts.Now()
	for _, e := range changed {
		b, _ := json.Marshal(e) // an Emergency always marshals
		ttl := l.ttl(last(e))
		p.Set(ctx, l.key("e:", e.Receipt), b, ttl)
		extend(ctx, p, l.key("t:", e.Tag), ttl)
		extend(ctx, p, l.groupKey(e.Receiver, e.GroupKey), ttl)
		for _, k := range l.fingerprintKeys(e) {
			extend(ctx, p, k, ttl)
		}
		extend(ctx, p, l.key("sent", ""), ttl)
		if !e.Ringing(now) {
			p.ZRem(ctx, l.key("out", ""), e.Receipt)
		}
	}
	return l.countOutstanding(ctx, p)
}
