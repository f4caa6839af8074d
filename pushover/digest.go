package pushover

import (
	"context"
	"errors"
	"strings"
)

// Digest says when messages waiting for a connection are folded into one
// digest message per recipient instead of flooding it (and the quota).
// Emergencies are never folded. The zero value folds nothing.
type Digest struct {
	// QueueDepth: when more than this many non-emergency messages to the
	// same users and devices wait for a connection, they are sent as one
	// digest; 0 disables.
	QueueDepth int `yaml:"queue_depth"`
	// QuotaBelow: when the month's remaining quota (from the last
	// X-Limit-App-* headers) is below this fraction of the limit, two or
	// more waiting messages to the same recipient are folded; 0 disables.
	QuotaBelow float64 `yaml:"quota_below"`
}

// Enabled reports whether d can fold anything.
func (d Digest) Enabled() bool { return d.QueueDepth > 0 || d.QuotaBelow > 0 }

// WithDigest returns a copy of c that folds its waiting messages as d says.
// The copy shares c's connections and queue.
func (c *Client) WithDigest(d Digest) *Client {
	cp := *c
	cp.digest = d
	return &cp
}

// foldable is a message that may be folded into a digest.
type foldable struct {
	key    uint64 // app token, users and devices: who gets the digest
	msg    *Message
	digest *digest // set when folded
}

// digest gathers the messages folded for one recipient until it gets a
// connection; its fields are guarded by the gate's mutex until done closes.
type digest struct {
	key     uint64
	w       *waiter // the digest's own place in the queue
	members []*waiter
	started bool // on its way: no one joins or leaves
	ctx     context.Context
	cancel  context.CancelFunc
	done    chan struct{}
	resp    *Response
	err     error
}

// maybeFold folds w, a waiter just queued, into its recipient's digest:
// the one gathering, or a new one when the recipient's queue is deeper
// than QueueDepth or the quota runs low. The gate's mutex is held.
func (c *Client) maybeFold(w *waiter) {
	g := c.gate
	if w.fold == nil || !c.digest.Enabled() {
		return
	}
	if d := g.digests[w.fold.key]; d != nil && !d.started {
		c.join(d, w)
		return
	}
	var same []*waiter
	for _, x := range g.waiting {
		if x.fold != nil && x.fold.key == w.fold.key {
			same = append(same, x)
		}
	}
	deep := c.digest.QueueDepth > 0 && len(same) > c.digest.QueueDepth
	if !deep && !(len(same) >= 2 && c.quotaLow()) {
		return
	}
	ctx, cancel := context.WithCancel(context.Background())
	d := &digest{key: w.fold.key, ctx: ctx, cancel: cancel, done: make(chan struct{}),
		w: &waiter{rank: rankLowest, bucket: w.bucket, since: w.since}}
	for _, x := range same {
		c.join(d, x)
	}
	g.digests[d.key] = d
	go c.runDigest(d)
}

// join moves x from the queue into d. The gate's mutex is held.
func (c *Client) join(d *digest, x *waiter) {
	c.gate.remove(x)
	c.queued(x.rank, -1)
	x.state, x.fold.digest = folded, d
	d.members = append(d.members, x)
	d.w.rank = max(d.w.rank, min(x.rank, rankHigh)) // never emergency
	if x.since.Before(d.w.since) {
		d.w.since = x.since
	}
	close(x.ready)
}

// quotaLow reports whether the last quota seen is below QuotaBelow.
func (c *Client) quotaLow() bool {
	l := c.gate.limits
	return c.digest.QuotaBelow > 0 && l != nil && l.Limit > 0 &&
		float64(l.Remaining) < c.digest.QuotaBelow*float64(l.Limit)
}

// awaitDigest waits for the digest w was folded into. A caller whose ctx
// ends before the digest leaves it; after, the digest may be accepted,
// so the error says the request went unanswered.
func (c *Client) awaitDigest(ctx context.Context, w *waiter) (*Response, error) {
	d := w.fold.digest
	select {
	case <-d.done:
	case <-ctx.Done():
		g := c.gate
		g.mu.Lock()
		defer g.mu.Unlock()
		if d.started {
			return nil, &TemporaryError{Endpoint: "messages", Err: ctx.Err(), Unanswered: true}
		}
		if d.leave(w) { // no one is left: no one may join
			d.started = true
			if g.digests[d.key] == d {
				delete(g.digests, d.key)
			}
		}
		return nil, &TemporaryError{Endpoint: "messages", Err: ctx.Err()}
	}
	if d.err != nil {
		return nil, d.err
	}
	r := *d.resp
	r.Digested = len(d.members)
	return &r, nil
}

// leave takes w out of d; the last to leave cancels d and reports it.
// The gate's mutex is held.
func (d *digest) leave(w *waiter) (last bool) {
	for i, x := range d.members {
		if x == w {
			d.members = append(d.members[:i], d.members[i+1:]...)
			break
		}
	}
	if len(d.members) == 0 {
		d.cancel()
		return true
	}
	return false
}

// runDigest waits for a connection, then sends what d gathered by then.
func (c *Client) runDigest(d *digest) {
	defer d.cancel()
	resp, err := c.sendDigest(d)
	g := c.gate
	g.mu.Lock()
	if g.digests[d.key] == d {
		delete(g.digests, d.key)
	}
	d.started = true
	g.mu.Unlock()
	if resp != nil {
		if o, ok := c.observer.(QueueObserver); ok {
			o.ObserveDigest(len(d.members))
		}
	}
	d.resp, d.err = resp, err
	close(d.done)
}

// errNoMembers: every message of a digest left before it was sent.
var errNoMembers = errors.New("every message left the digest")

func (c *Client) sendDigest(d *digest) (*Response, error) {
	var cl *call
	var p *prepared
	var last error
	for attempt := 1; ; attempt++ {
		if err := c.awaitTurn(d.ctx, "messages", d.w); err != nil {
			if last != nil {
				return nil, last
			}
			return nil, err
		}
		if cl == nil {
			var err error
			if cl, p, err = c.freeze(d); err != nil {
				c.release()
				return nil, err
			}
		}
		ctx, cancel := context.WithTimeout(context.WithoutCancel(d.ctx), max(c.attemptTimeout, DefaultAttemptTimeout))
		r, err := c.attempt(ctx, cl, p)
		cancel()
		if err == nil {
			return &Response{Request: r.body.Request, Limits: r.limits}, nil
		}
		if !IsRetryable(err) || attempt >= c.maxAttempts {
			return nil, err
		}
		last = err
	}
}

// freeze closes d to joins and leaves, and builds its request.
func (c *Client) freeze(d *digest) (*call, *prepared, error) {
	g := c.gate
	g.mu.Lock()
	d.started = true
	if g.digests[d.key] == d {
		delete(g.digests, d.key)
	}
	ms := make([]*Message, 0, len(d.members))
	for _, x := range d.members {
		ms = append(ms, x.fold.msg)
	}
	g.mu.Unlock()
	if len(ms) == 0 {
		return nil, nil, &TemporaryError{Endpoint: "messages", Err: errNoMembers}
	}
	m := digestMessage(ms)
	if err := m.Validate(); err != nil {
		return nil, nil, err
	}
	cl := &call{endpoint: "messages", method: "POST", path: "messages.json",
		params: m.params(c.token), secrets: c.secrets(m.Users...)}
	p, err := c.prepare(cl)
	return cl, p, err
}

// digestKey says who gets a message: the app, its users and devices.
func (c *Client) digestKey(m *Message) uint64 {
	return c.gate.hash(c.token, strings.Join(m.Users, ","), strings.Join(m.Devices, ","))
}
