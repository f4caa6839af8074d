package pushover

import (
	"context"
	"hash/maphash"
	"sync"
	"time"
)

// DefaultAging is how long a request waits for a connection before it
// moves up one rank (see WithAging), so that a storm of emergencies never
// starves the rest: a normal message waits at most twice this long before
// it competes with emergencies on equal terms.
const DefaultAging = 10 * time.Second

// The ranks of the queue: a message's priority shifted to 0..4. Cancels
// go at emergency rank (stopping a siren is urgent), receipt polls at
// high, the other endpoints at normal.
const (
	rankLowest    = int(PriorityLowest - PriorityLowest)
	rankNormal    = int(PriorityNormal - PriorityLowest)
	rankHigh      = int(PriorityHigh - PriorityLowest)
	rankEmergency = int(PriorityEmergency - PriorityLowest)
	numRanks      = rankEmergency + 1
)

func rankOf(p Priority) int { return min(max(int(p-PriorityLowest), rankLowest), rankEmergency) }

// priorityOf is the name of a rank, for metrics.
func priorityOf(rank int) Priority { return Priority(rank) + PriorityLowest }

// gate is what copies of a Client share: the two connection slots, the
// queue of requests waiting for one, the time before which no request may
// start (the pause after a failure), the last quota seen, and the digests
// being gathered.
type gate struct {
	seed maphash.Seed

	mu        sync.Mutex
	notBefore time.Time
	inUse     int
	waiting   []*waiter
	depth     [numRanks]int    // waiting, by base rank
	served    [numRanks]uint64 // the bucket served last, by effective rank
	seq       uint64
	limits    *Limits
	digests   map[uint64]*digest // gathering, by digestKey
}

func newGate() *gate { return &gate{seed: maphash.MakeSeed(), digests: map[uint64]*digest{}} }

// waiter is one request waiting for a slot. Its fields are guarded by the
// gate's mutex.
type waiter struct {
	rank   int    // base rank
	bucket uint64 // the recipient's hash (or the endpoint's): round-robin within a rank
	since  time.Time
	seq    uint64
	ready  chan struct{} // closed when granted a slot or folded into a digest
	state  waitState
	fold   *foldable // set for a message that may be folded into a digest
}

type waitState int

const (
	queued  waitState = iota
	granted           // holds a slot
	folded            // left the queue for a digest (fold.digest)
	gone              // left the queue: its context ended
)

// effective is the waiter's rank after aging.
func (w *waiter) effective(now time.Time, aging time.Duration) int {
	r := w.rank
	if aging > 0 && r < rankEmergency {
		r += int(now.Sub(w.since) / aging)
	}
	return min(r, rankEmergency)
}

// before orders waiters within a rank: by bucket, then by arrival.
func (w *waiter) before(o *waiter) bool {
	if w.bucket != o.bucket {
		return w.bucket < o.bucket
	}
	return w.seq < o.seq
}

// acquire takes a slot for w, waiting in the queue while both are taken.
// It returns nil when w holds a slot, or when w was folded into a digest
// (w.state == folded); the error when ctx ended first.
func (c *Client) acquire(ctx context.Context, w *waiter) error {
	g := c.gate
	g.mu.Lock()
	if w.since.IsZero() { // a digest keeps the time its first message came
		w.since = c.now()
	}
	w.ready, w.state = make(chan struct{}), queued
	if g.inUse < MaxConcurrent && len(g.waiting) == 0 {
		g.inUse++
		w.state = granted
		g.mu.Unlock()
		c.observeWait(w.rank, 0)
		return nil
	}
	g.seq++
	w.seq = g.seq
	g.waiting = append(g.waiting, w)
	c.queued(w.rank, 1)
	c.maybeFold(w)
	g.mu.Unlock()
	select {
	case <-w.ready:
	case <-ctx.Done():
		g.mu.Lock()
		switch w.state {
		case queued:
			g.remove(w)
			c.queued(w.rank, -1)
			w.state = gone
			g.mu.Unlock()
			return ctx.Err()
		case granted: // granted meanwhile: give the slot back
			g.mu.Unlock()
			c.release()
			return ctx.Err()
		}
		g.mu.Unlock() // folded: the digest decides
	}
	if w.state == granted {
		c.observeWait(w.rank, c.now().Sub(w.since))
	}
	return nil
}

// release gives a slot back, to the first waiter in line if any.
func (c *Client) release() {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	if len(g.waiting) == 0 {
		g.inUse--
		return
	}
	w := g.waiting[g.pick(c.now(), c.aging)]
	g.remove(w)
	c.queued(w.rank, -1)
	w.state = granted
	close(w.ready)
}

// pick returns the index of the waiter next in line: the highest
// effective rank; within it the next bucket after the one served last
// (round-robin between recipients); within the bucket the first to come.
func (g *gate) pick(now time.Time, aging time.Duration) int {
	top := -1
	for _, w := range g.waiting {
		top = max(top, w.effective(now, aging))
	}
	last := g.served[top]
	after, wrap := -1, -1
	for i, w := range g.waiting {
		if w.effective(now, aging) != top {
			continue
		}
		if w.bucket > last && (after < 0 || w.before(g.waiting[after])) {
			after = i
		}
		if wrap < 0 || w.before(g.waiting[wrap]) {
			wrap = i
		}
	}
	if after < 0 {
		after = wrap
	}
	g.served[top] = g.waiting[after].bucket
	return after
}

// remove takes w out of the queue (order does not matter: pick compares).
func (g *gate) remove(w *waiter) {
	for i, x := range g.waiting {
		if x == w {
			last := len(g.waiting) - 1
			g.waiting[i], g.waiting[last] = g.waiting[last], nil
			g.waiting = g.waiting[:last]
			return
		}
	}
}

// queued counts n waiters more (or fewer) at rank and reports the depth.
func (c *Client) queued(rank, n int) {
	c.gate.depth[rank] += n
	if o, ok := c.observer.(QueueObserver); ok {
		o.ObserveQueue(priorityOf(rank), c.gate.depth[rank])
	}
}

func (c *Client) observeWait(rank int, d time.Duration) {
	if o, ok := c.observer.(QueueObserver); ok {
		o.ObserveWait(priorityOf(rank), d)
	}
}

// hash is the bucket of a string (a user key: never logged, only hashed).
func (g *gate) hash(parts ...string) uint64 {
	var h maphash.Hash
	h.SetSeed(g.seed)
	for _, p := range parts {
		h.WriteString(p)
		h.WriteByte(0)
	}
	return h.Sum64()
}
