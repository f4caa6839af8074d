package ledger

import (
	"context"
	"time"

	bolt "go.etcd.io/bbolt"
)

// DefaultPruneInterval is how often RunJanitor prunes.
const DefaultPruneInterval = 10 * time.Minute

// Prune drops the deliveries accepted more than the retention ago and the
// emergencies whose last change (or expiry) is more than the retention
// ago, the escalations finished more than the retention ago, and the
// groups not updated for the retention, in memory and on disk. It returns
// how many records it dropped.
func (l *Local) Prune(now time.Time) (int, error) {
	var deliveries, receipts []string
	l.mu.Lock()
	for k, at := range l.deliveries {
		if now.Sub(at) > l.opts.Retention {
			delete(l.deliveries, k)
			deliveries = append(deliveries, k)
		}
	}
	for id, e := range l.emergencies {
		if now.After(e.expiry(l.opts.Retention)) {
			delete(l.emergencies, id)
			l.ix.remove(e)
			receipts = append(receipts, id)
		}
	}
	escalations := l.pruneEscalations(now)
	groups := l.pruneGroups(now)
	for k, c := range l.claims {
		if !now.Before(c.until) {
			delete(l.claims, k)
		}
	}
	l.mu.Unlock()
	n := len(deliveries) + len(receipts) + len(escalations) + len(groups)
	if n == 0 {
		return 0, nil
	}
	l.reportOutstanding()
	return n, l.persist("prune", func(tx *bolt.Tx) error {
		for _, w := range []struct {
			ids []string
			put func(*bolt.Tx, string) error
		}{{deliveries, l.putDelivery}, {receipts, l.putEmergency}, {escalations, l.putEscalation}, {groups, l.putGroup}} {
			for _, id := range w.ids {
				if err := w.put(tx, id); err != nil {
					return err
				}
			}
		}
		return nil
	})
}

// RunJanitor prunes every interval (DefaultPruneInterval when zero) until
// ctx ends, and reports the outstanding emergencies each time. Errors are
// reported through the Observer and Health.
func (l *Local) RunJanitor(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultPruneInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
			_, _ = l.Prune(l.opts.Now())
			l.reportOutstanding() // emergencies also stop ringing by the clock alone
		}
	}
}
