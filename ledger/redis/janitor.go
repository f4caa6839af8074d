package redisledger

import (
	"context"
	"time"
)

// Check asks the server (which updates the health), reports the ringing
// emergencies to the Observer, and trims the sorted indexes: ringing
// entries whose expiry passed, sent entries whose record expired.
func (l *Ledger) Check(ctx context.Context) error {
	now := l.opts.Now()
	ctx, cancel := l.ctx(ctx)
	defer cancel()
	p := l.rdb.Pipeline()
	p.ZRemRangeByScore(ctx, l.key("out", ""), "-inf", ms(now))
	n := p.ZCard(ctx, l.key("out", ""))
	_, err := p.Exec(ctx)
	if err := l.done("check", err); err != nil {
		return err
	}
	// Sent entries older than the retention: the script drops those whose
	// record expired; the few kept by a late change stay.
	if _, err := l.zsetMembers(ctx, l.key("sent", ""), "-inf", "("+ms(now.Add(-l.opts.Retention))); err != nil {
		return err
	}
	l.opts.Observer.EmergenciesOutstanding(int(n.Val()))
	return nil
}

// RunJanitor checks the server every interval (DefaultHealthInterval when zero)
// until ctx ends, so that health comes back when the server does even
// when no page arrives. Run it on every replica.
func (l *Ledger) RunJanitor(ctx context.Context, interval time.Duration) {
	if interval <= 0 {
		interval = DefaultHealthInterval
	}
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		_ = l.Check(ctx)
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
	}
}
