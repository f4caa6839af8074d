// Package clock owns the project's small time helpers: Sleep, a sleep that
// ends with its context, and Manual, a settable clock that tests inject
// wherever code takes a `func() time.Time` and a sleep function.
package clock

import (
	"context"
	"sync"
	"time"
)

// Sleep waits d, or until ctx ends, when it returns ctx.Err().
func Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// Manual is a clock that moves only when it is told to: by Add, or by a
// Sleep on it, which records the duration and returns at once. It is safe
// for concurrent use.
type Manual struct {
	mu    sync.Mutex
	now   time.Time
	slept []time.Duration
}

// NewManual returns a clock standing at t.
func NewManual(t time.Time) *Manual { return &Manual{now: t} }

// Now returns the clock's time.
func (c *Manual) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

// Add moves the clock by d.
func (c *Manual) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// Sleep moves the clock by d, records d, and returns ctx.Err().
func (c *Manual) Sleep(ctx context.Context, d time.Duration) error {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
	c.slept = append(c.slept, d)
	return ctx.Err()
}

// Slept returns the durations slept on the clock, in order.
func (c *Manual) Slept() []time.Duration {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]time.Duration(nil), c.slept...)
}
