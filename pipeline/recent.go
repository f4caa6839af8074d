package pipeline

import (
	"sync"
	"time"
)

// DefaultRecent is how many deliveries the status page shows.
const DefaultRecent = 50

// RecentDelivery is what the status page shows of one delivery: names,
// never keys, and nothing of the alerts but their number.
type RecentDelivery struct {
	Time      time.Time
	Route     string
	Recipient string
	Priority  string
	Alerts    int
	Outcome   Outcome
	Fallback  bool // to a route's fallback recipient
}

// Recent is a bounded ring of the latest deliveries, held in memory for
// the status page. It is safe for concurrent use; a nil *Recent keeps
// nothing.
type Recent struct {
	mu   sync.Mutex
	buf  []RecentDelivery
	next int
	full bool

	shared *sharedRecent // nil: this process's deliveries only
}

// NewRecent returns a ring holding the last n deliveries.
func NewRecent(n int) *Recent {
	if n < 1 {
		n = 1
	}
	return &Recent{buf: make([]RecentDelivery, n)}
}

// Add keeps d, dropping the oldest delivery when the ring is full.
func (r *Recent) Add(d RecentDelivery) {
	if r == nil {
		return
	}
	if r.shared != nil {
		r.shared.add(d)
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.buf[r.next] = d
	r.next = (r.next + 1) % len(r.buf)
	if r.next == 0 {
		r.full = true
	}
}

// List returns the deliveries held, newest first: those of every replica
// when shared, else (or when the store cannot answer) this process's.
func (r *Recent) List() []RecentDelivery {
	if r == nil {
		return nil
	}
	if r.shared != nil {
		if out, ok := r.shared.list(); ok {
			return out
		}
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	n := r.next
	if r.full {
		n = len(r.buf)
	}
	out := make([]RecentDelivery, 0, n)
	for i := 1; i <= n; i++ {
		out = append(out, r.buf[(r.next-i+len(r.buf))%len(r.buf)])
	}
	return out
}

// remember adds res to the pipeline's ring.
func (p *Pipeline) remember(res Result) {
	p.recent.Add(RecentDelivery{Time: p.now(), Route: res.Route, Recipient: res.Recipient,
		Priority: res.Priority, Alerts: res.Alerts, Outcome: res.Outcome, Fallback: res.isFallback})
}
