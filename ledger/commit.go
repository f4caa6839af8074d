package ledger

import (
	"sync"

	bolt "go.etcd.io/bbolt"
)

// committer group-commits writes: a write that arrives while a commit is
// in progress joins the next one, so N concurrent writers cost about two
// fsyncs, not N, and a lone writer waits for no timer (unlike DB.Batch,
// which holds every batch for MaxBatchDelay).
type committer struct {
	db *bolt.DB

	mu      sync.Mutex
	pending []*write
	running bool
}

type write struct {
	fn   func(*bolt.Tx) error
	done chan error
}

// do runs fn in a shared read-write transaction and returns once that
// transaction is committed (or failed). fn may run twice: when a shared
// transaction fails, each of its writes is retried on its own, so one bad
// write fails only itself.
func (c *committer) do(fn func(*bolt.Tx) error) error {
	w := &write{fn: fn, done: make(chan error, 1)}
	c.mu.Lock()
	c.pending = append(c.pending, w)
	if !c.running {
		c.running = true
		go c.loop()
	}
	c.mu.Unlock()
	return <-w.done
}

// loop commits what is pending until nothing is.
func (c *committer) loop() {
	for {
		c.mu.Lock()
		batch := c.pending
		c.pending = nil
		if len(batch) == 0 {
			c.running = false
			c.mu.Unlock()
			return
		}
		c.mu.Unlock()
		err := c.db.Update(func(tx *bolt.Tx) error {
			for _, w := range batch {
				if err := w.fn(tx); err != nil {
					return err
				}
			}
			return nil
		})
		for _, w := range batch {
			if err != nil && len(batch) > 1 {
				w.done <- c.db.Update(w.fn)
				continue
			}
			w.done <- err
		}
	}
}
