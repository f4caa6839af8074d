package redisledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

var _ ledger.EscalationKeeper = (*Ledger)(nil)

// escIndex is the sorted set of the pending escalations (a level left to
// fire, or receipts left to cancel) by when they need the engine, in Unix
// milliseconds (0: at once); Due and Pending read it, never the keyspace.
const escIndex = "escdue"

// escTxAttempts bounds the retries of an escalation's optimistic
// transaction; the engine's updates of one record are rare, but a burst
// (every replica's acknowledgement and resolve at once) must not fail.
const escTxAttempts = 100

// Escalations returns the escalation store shared by every replica on the
// server: each record's JSON under esc:<id> (a finished one lives for the
// retention after its last change; a pending one until it finishes), and
// the index of the pending ones. Update is an optimistic transaction
// (WATCH, read, MULTI, write) retried when another replica changed the
// record meanwhile.
func (l *Ledger) Escalations() escalation.Store { return escStore{l} }

type escStore struct{ l *Ledger }

// Put implements escalation.Store.
func (s escStore) Put(ctx context.Context, rec escalation.Record) error {
	ctx, cancel := s.l.ctx(ctx)
	defer cancel()
	_, err := s.l.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error { return s.write(ctx, p, &rec) })
	return s.l.done("put_escalation", err)
}

// Get implements escalation.Store.
func (s escStore) Get(ctx context.Context, id string) (escalation.Record, bool, error) {
	ctx, cancel := s.l.ctx(ctx)
	defer cancel()
	return s.get(ctx, s.l.rdb, id)
}

func (s escStore) get(ctx context.Context, c redis.Cmdable, id string) (escalation.Record, bool, error) {
	b, err := c.Get(ctx, s.l.key("esc:", id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return escalation.Record{}, false, s.l.done("escalation", nil)
	}
	if err := s.l.done("escalation", err); err != nil {
		return escalation.Record{}, false, err
	}
	rec, err := decodeEscalation(b)
	return rec, err == nil, err
}

// Update implements escalation.Store.
func (s escStore) Update(ctx context.Context, id string, fn func(*escalation.Record, bool) error) (escalation.Record, error) {
	ctx, cancel := s.l.ctx(ctx)
	defer cancel()
	var out escalation.Record
	tx := func(tx *redis.Tx) error {
		rec, found, err := s.get(ctx, tx, id)
		if err != nil {
			return err
		}
		if err := fn(&rec, found); err != nil {
			return err
		}
		out = rec
		_, err = tx.TxPipelined(ctx, func(p redis.Pipeliner) error { return s.write(ctx, p, &rec) })
		return err
	}
	for range escTxAttempts {
		err := s.l.rdb.Watch(ctx, tx, s.l.key("esc:", id))
		if !errors.Is(err, redis.TxFailedErr) {
			if err != nil {
				var le *Error
				if !errors.As(err, &le) {
					err = s.l.done("update_escalation", err)
				}
				return escalation.Record{}, err
			}
			return out, s.l.done("update_escalation", nil)
		}
	}
	return escalation.Record{}, fmt.Errorf("escalation %s: %w", id, errContended)
}

// write queues the writes of rec: its JSON (a TTL of the retention once
// it is finished) and its place in the index.
func (s escStore) write(ctx context.Context, p redis.Pipeliner, rec *escalation.Record) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return fmt.Errorf("escalation %s: encode: %w", rec.ID, err)
	}
	key, index := s.l.key("esc:", rec.ID), s.l.key(escIndex, "")
	if _, finished := rec.FinishedAt(); finished {
		p.Set(ctx, key, b, s.l.opts.Retention)
		p.ZRem(ctx, index, rec.ID)
		return nil
	}
	p.Set(ctx, key, b, 0)
	p.ZAdd(ctx, index, redis.Z{Score: float64(wakeAt(rec)), Member: rec.ID})
	return nil
}

// wakeAt is when a pending record needs the engine, in Unix ms: its next
// level's time, or 0 (at once) with receipts left to cancel.
func wakeAt(rec *escalation.Record) int64 {
	due, ok := rec.NextDue()
	if !ok || len(rec.Uncancelled) > 0 {
		return 0
	}
	return due.UnixMilli()
}

// Due implements escalation.Store: the index up to now, then the records.
func (s escStore) Due(ctx context.Context, now time.Time) ([]escalation.Record, error) {
	recs, err := s.indexed(ctx, "due_escalations", fmt.Sprint(now.UnixMilli()))
	out := recs[:0]
	for _, r := range recs {
		if r.Due(now) || len(r.Uncancelled) > 0 {
			out = append(out, r)
		}
	}
	return out, err
}

// Pending implements escalation.Store.
func (s escStore) Pending(ctx context.Context) ([]escalation.Record, error) {
	recs, err := s.indexed(ctx, "pending_escalations", "+inf")
	out := recs[:0]
	for _, r := range recs {
		if _, finished := r.FinishedAt(); !finished {
			out = append(out, r)
		}
	}
	return out, err
}

// indexed returns the records the index holds up to score max, in
// SortByDue order; an id whose record is gone is dropped from the index.
func (s escStore) indexed(ctx context.Context, op, maxScore string) ([]escalation.Record, error) {
	ctx, cancel := s.l.ctx(ctx)
	defer cancel()
	index := s.l.key(escIndex, "")
	ids, err := s.l.rdb.ZRangeByScore(ctx, index, &redis.ZRangeBy{Min: "-inf", Max: maxScore}).Result()
	if err := s.l.done(op, err); err != nil || len(ids) == 0 {
		return nil, err
	}
	keys := make([]string, len(ids))
	for i, id := range ids {
		keys[i] = s.l.key("esc:", id)
	}
	vals, err := s.l.rdb.MGet(ctx, keys...).Result()
	if err := s.l.done(op, err); err != nil {
		return nil, err
	}
	out := make([]escalation.Record, 0, len(vals))
	for i, v := range vals {
		str, ok := v.(string)
		if !ok { // expired or deleted meanwhile
			s.l.rdb.ZRem(ctx, index, ids[i])
			continue
		}
		rec, err := decodeEscalation([]byte(str))
		if err != nil {
			return nil, err
		}
		out = append(out, rec)
	}
	escalation.SortByDue(out)
	return out, nil
}

// Delete implements escalation.Store.
func (s escStore) Delete(ctx context.Context, id string) error {
	ctx, cancel := s.l.ctx(ctx)
	defer cancel()
	_, err := s.l.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.Del(ctx, s.l.key("esc:", id))
		p.ZRem(ctx, s.l.key(escIndex, ""), id)
		return nil
	})
	return s.l.done("delete_escalation", err)
}

func decodeEscalation(b []byte) (escalation.Record, error) {
	var rec escalation.Record
	if err := json.Unmarshal(b, &rec); err != nil {
		return escalation.Record{}, fmt.Errorf("redis ledger: escalation record: %w", err)
	}
	return rec, nil
}
