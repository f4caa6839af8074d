package fakeserver

import (
	"context"
	"fmt"
	"net"
	"sync"
	"time"
)

// ListenLocal listens on a free port of 127.0.0.1, as httptest does, and
// panics with pkg ("pushovertest") in the message if it cannot.
func ListenLocal(pkg string) net.Listener {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		panic(fmt.Sprintf("%s: failed to listen: %v", pkg, err))
	}
	return l
}

// Gate counts a fake's handlers in and out so that Close can wait for them,
// and tells waiting handlers when the fake is closing.
type Gate struct {
	done chan struct{}
	wg   sync.WaitGroup
	once sync.Once
	// entry guards closing and wg.Add, so that a request arriving as Close
	// begins never races Close's wg.Wait.
	entry   sync.Mutex
	closing bool
}

// NewGate returns an open Gate.
func NewGate() *Gate { return &Gate{done: make(chan struct{})} }

// Enter counts a handler in, unless Close has begun; a handler that
// entered must Exit.
func (g *Gate) Enter() bool {
	g.entry.Lock()
	defer g.entry.Unlock()
	if g.closing {
		return false
	}
	g.wg.Add(1)
	return true
}

// Exit counts a handler out.
func (g *Gate) Exit() { g.wg.Done() }

// Close, the first time only, stops new handlers entering, ends Wait,
// calls stop (which closes the server and its listener) and waits for
// the handlers that entered.
func (g *Gate) Close(stop func()) {
	g.once.Do(func() {
		g.entry.Lock()
		g.closing = true
		g.entry.Unlock()
		close(g.done)
		stop()
		g.wg.Wait()
	})
}

// Wait sleeps d of real time; false if ctx or the Gate ended first.
func (g *Gate) Wait(ctx context.Context, d time.Duration) bool {
	if d <= 0 {
		return true
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-ctx.Done():
	case <-g.done:
	}
	return false
}
