package redisledger

import (
	"context"
	"errors"
	"sync"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// maxBatch bounds the deliveries of one claim script run.
const maxBatch = 256

// errScript is a script answer of the wrong shape.
var errScript = errors.New("the claim script answered for a different number of keys")

// pending is one Claim waiting for its batch.
type pending struct {
	keys [3]string // accepted record, refused record, claim
	args [5]any    // holder, TTL ms, accepted-since, refused-since, claim expiry
	done chan claimResult
}

type claimResult struct {
	claim ledger.Claim
	err   error
}

// claimer batches concurrent claims (group commit): a claim that arrives
// while a batch is on the wire joins the next one, so N concurrent claims
// cost about two round trips, and a lone claim waits for nothing but its
// own.
type claimer struct {
	run func(context.Context, []*pending) ([]ledger.Claim, error)

	mu      sync.Mutex
	queue   []*pending
	running bool
}

// do queues p and waits for its answer. The batch runs under the ledger's
// timeout, not ctx: a claim made must be answered, or it would hold the
// key until its TTL for nobody. A caller that finds no batch on the wire
// runs one itself (a lone claim costs no goroutine hand-off); what queued
// meanwhile is run by a goroutine.
func (c *claimer) do(ctx context.Context, p *pending) claimResult {
	c.mu.Lock()
	c.queue = append(c.queue, p)
	lead := !c.running
	c.running = true
	c.mu.Unlock()
	if lead {
		ctx = context.WithoutCancel(ctx)
		if c.runOnce(ctx) {
			go c.loop(ctx)
		}
	}
	return <-p.done
}

// loop runs batches until none is queued.
func (c *claimer) loop(ctx context.Context) {
	for c.runOnce(ctx) {
	}
}

// runOnce runs one batch of what is queued and reports whether more is
// queued; when not, the claimer is idle.
func (c *claimer) runOnce(ctx context.Context) bool {
	c.mu.Lock()
	n := min(len(c.queue), maxBatch)
	batch := c.queue[:n:n]
	c.queue = c.queue[n:]
	c.mu.Unlock()
	claims, err := c.run(ctx, batch)
	for i, p := range batch {
		if err != nil {
			p.done <- claimResult{err: err}
			continue
		}
		p.done <- claimResult{claim: claims[i]}
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if len(c.queue) == 0 {
		c.running = false
		return false
	}
	return true
}
