package action

import (
	"context"
	"sync"
	"time"

	"github.com/go-kit/log/level"
)

// EventLog is a Recorder that keeps the latest events in memory, for the
// status page. The zero value keeps none; use NewEventLog.
type EventLog struct {
	mu     sync.Mutex
	max    int
	events []Event
}

// NewEventLog keeps the max latest events.
func NewEventLog(max int) *EventLog { return &EventLog{max: max} }

// Record implements Recorder.
func (l *EventLog) Record(_ context.Context, e Event) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.max <= 0 {
		return
	}
	if len(l.events) == l.max {
		l.events = append(l.events[:0], l.events[1:]...)
	}
	l.events = append(l.events, e)
}

// Recent returns the kept events, newest first.
func (l *EventLog) Recent() []Event {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := make([]Event, len(l.events))
	for i, e := range l.events {
		out[len(out)-1-i] = e
	}
	return out
}

// RunSweeper calls SweepUntilResolved every interval until ctx ends,
// logging what it expired and its errors. The binary runs it in a
// goroutine when a Silencer is configured.
func (s *Service) RunSweeper(ctx context.Context, interval time.Duration) {
	t := time.NewTicker(interval)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-t.C:
		}
		n, err := s.SweepUntilResolved(ctx)
		if err != nil && ctx.Err() == nil {
			level.Warn(s.o.Logger).Log("msg", "cannot sweep the until-resolved silences", "err", err)
		}
		if n > 0 {
			level.Info(s.o.Logger).Log("msg", "until-resolved silences expired: their alerts resolved", "count", n)
		}
	}
}
