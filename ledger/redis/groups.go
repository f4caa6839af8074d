package redisledger

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"

	"github.com/redis/go-redis/v9"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

var _ ledger.GroupStore = (*Ledger)(nil)

// PutGroup implements ledger.GroupStore: the group's JSON under its ID,
// living for the retention after its last PutGroup. A zero UpdatedAt is now.
func (l *Ledger) PutGroup(ctx context.Context, g ledger.Group) error {
	if g.UpdatedAt.IsZero() {
		g.UpdatedAt = l.opts.Now()
	}
	b, err := json.Marshal(g)
	if err != nil {
		return fmt.Errorf("redis ledger: put group: %w", err)
	}
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	return l.done("put_group", l.rdb.Set(ctx, l.key("group:", g.ID), b, l.opts.Retention).Err())
}

// Group implements ledger.GroupStore.
func (l *Ledger) Group(ctx context.Context, id string) (ledger.Group, bool, error) {
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	b, err := l.rdb.Get(ctx, l.key("group:", id)).Bytes()
	if errors.Is(err, redis.Nil) {
		return ledger.Group{}, false, l.done("group", nil)
	}
	if err := l.done("group", err); err != nil {
		return ledger.Group{}, false, err
	}
	var g ledger.Group
	if err := json.Unmarshal(b, &g); err != nil {
		return ledger.Group{}, false, fmt.Errorf("redis ledger: group %s: %w", id, err)
	}
	return g, true, nil
}
