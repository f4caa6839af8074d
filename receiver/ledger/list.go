package ledger

import (
	"sort"
	"time"
)

// Recent returns up to n emergencies sent after since, newest first, in
// whatever state (ringing, acknowledged, cancelled, expired): the status
// page shows them with their acknowledgement.
func (l *Ledger) Recent(since time.Time, n int) []Emergency {
	l.mu.RLock()
	out := make([]Emergency, 0, len(l.emergencies))
	for _, e := range l.emergencies {
		if e.SentAt.After(since) {
			out = append(out, e.clone())
		}
	}
	l.mu.RUnlock()
	sort.Slice(out, func(i, j int) bool { return out[i].SentAt.After(out[j].SentAt) })
	if len(out) > n {
		out = out[:n]
	}
	return out
}
