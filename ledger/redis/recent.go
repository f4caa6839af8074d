package redisledger

import (
	"context"

	"github.com/redis/go-redis/v9"
)

// PushRecent adds entry (a row of the status page's recent deliveries, as
// the caller encodes it: names and outcomes, never keys) to the list that
// every replica shares, keeping the newest keep, in one round trip. The
// list lives as long as the retention after its last entry.
func (l *Ledger) PushRecent(ctx context.Context, entry []byte, keep int) error {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	key := l.key("recent", "")
	_, err := l.rdb.TxPipelined(ctx, func(p redis.Pipeliner) error {
		p.LPush(ctx, key, entry)
		p.LTrim(ctx, key, 0, int64(max(keep, 1)-1))
		p.PExpire(ctx, key, l.opts.Retention)
		return nil
	})
	return l.done("push_recent", err)
}

// RecentEntries returns up to n entries of the shared list, newest first.
func (l *Ledger) RecentEntries(ctx context.Context, n int) ([][]byte, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	vals, err := l.rdb.LRange(ctx, l.key("recent", ""), 0, int64(max(n, 1)-1)).Result()
	if err := l.done("recent", err); err != nil {
		return nil, err
	}
	out := make([][]byte, len(vals))
	for i, v := range vals {
		out[i] = []byte(v)
	}
	return out, nil
}
