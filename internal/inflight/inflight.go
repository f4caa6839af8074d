// Package inflight counts work that outlives the call that started it
// (deliveries finishing after their webhook was answered, silences being
// created) so that shutdown can wait for it. Unlike sync.WaitGroup, Wait
// takes a context and leaves no goroutine behind when it ends first, and
// Add after a finished Wait is allowed.
package inflight

import (
	"context"
	"sync"
)

// Group counts work in progress. The zero value is ready to use.
type Group struct {
	mu   sync.Mutex
	n    int
	idle chan struct{} // closed when n drops to 0
}

// Add notes one more piece of work.
func (g *Group) Add() {
	g.mu.Lock()
	defer g.mu.Unlock()
	if g.n == 0 {
		g.idle = make(chan struct{})
	}
	g.n++
}

// Done notes that one piece of work finished.
func (g *Group) Done() {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.n--
	if g.n == 0 {
		close(g.idle)
	}
}

// Go runs fn in a goroutine counted by g.
func (g *Group) Go(fn func()) {
	g.Add()
	go func() {
		defer g.Done()
		fn()
	}()
}

// Wait blocks until no work is in progress, or ctx ends.
func (g *Group) Wait(ctx context.Context) error {
	g.mu.Lock()
	if g.n == 0 {
		g.mu.Unlock()
		return nil
	}
	idle := g.idle
	g.mu.Unlock()
	select {
	case <-idle:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
