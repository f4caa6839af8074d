package schedule

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// Defaults of SyncerOptions.
const (
	DefaultResync     = time.Hour
	DefaultMinBackoff = 10 * time.Second
	DefaultMaxBackoff = 5 * time.Minute
)

// GroupAPI is the part of *pushover.Client a Syncer uses.
type GroupAPI interface {
	Group(ctx context.Context, group string) (*pushover.Group, error)
	AddGroupUser(ctx context.Context, group, user, device, memo string) error
	RemoveGroupUser(ctx context.Context, group, user, device string) error
	DisableGroupUser(ctx context.Context, group, user, device string) error
	EnableGroupUser(ctx context.Context, group, user, device string) error
}

// SyncerOptions configure a Syncer. Schedule is required; API and UserKey
// are required when the schedule has a sync group.
type SyncerOptions struct {
	Schedule *Schedule
	API      GroupAPI
	// UserKey returns the Pushover key of a recipient name.
	UserKey func(recipient string) (key string, ok bool)
	// Disable makes the Syncer disable, rather than remove, the managed
	// members who are not on call (they keep their entry and memo).
	Disable bool
	Logger  log.Logger
	Metrics *SyncMetrics
	// Now and Sleep are the clock (default: time.Now and clock.Sleep).
	Now   func() time.Time
	Sleep func(ctx context.Context, d time.Duration) error
	// Resync is the longest time between two syncs (default DefaultResync),
	// so that a group edited by hand is put right again.
	Resync time.Duration
	// MinBackoff and MaxBackoff bound the wait after a failed sync, which
	// doubles from one to the other (defaults DefaultMinBackoff, DefaultMaxBackoff).
	MinBackoff, MaxBackoff time.Duration
}

// Syncer keeps a Pushover delivery group's membership equal to a
// schedule's on-call person, so that whoever sends to the group reaches
// whoever is on call.
//
// It manages only the user keys of the recipients the schedule can put on
// call (its members and override recipients): the on-call person is added
// (or enabled, if disabled) and every other managed entry is removed (or
// disabled, with SyncerOptions.Disable). Entries of any other user are
// unrelated and left alone. The on-call person is added before the others
// go, so the group never goes empty at a hand-off. Members are added for
// every device, with the memo "on call: <schedule>". When no one is on
// call (before the rotation's start) the managed entries go and nobody is
// added.
//
// Without a sync group, a Syncer only keeps the on-call gauge current.
type Syncer struct {
	o     SyncerOptions
	group string
	log   log.Logger
}

// NewSyncer checks the options and applies the defaults.
func NewSyncer(o SyncerOptions) (*Syncer, error) {
	if o.Schedule == nil {
		return nil, errors.New("schedule syncer: no schedule")
	}
	group := o.Schedule.SyncGroup()
	if group != "" && (o.API == nil || o.UserKey == nil) {
		return nil, fmt.Errorf("schedule %q: a sync group needs the Pushover API and the recipients' keys", o.Schedule.Name())
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	o.Resync = orDefault(o.Resync, DefaultResync)
	o.MinBackoff = orDefault(o.MinBackoff, DefaultMinBackoff)
	o.MaxBackoff = max(orDefault(o.MaxBackoff, DefaultMaxBackoff), o.MinBackoff)
	return &Syncer{o: o, group: group, log: log.With(o.Logger, "component", "schedule", "schedule", o.Schedule.Name())}, nil
}

func orDefault(d, def time.Duration) time.Duration {
	if d <= 0 {
		return def
	}
	return d
}

// Run syncs at once, then at every hand-off (and at least every Resync),
// retrying a failed sync after a backoff, until ctx ends. It returns ctx.Err().
func (s *Syncer) Run(ctx context.Context) error {
	backoff := s.o.MinBackoff
	for {
		wait := s.untilNext()
		if err := s.Sync(ctx); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			level.Warn(s.log).Log("msg", "syncing the on-call group failed, will retry", "in", backoff, "err", err)
			wait = min(wait, backoff)
			backoff = min(2*backoff, s.o.MaxBackoff)
		} else {
			backoff = s.o.MinBackoff
		}
		if err := s.o.Sleep(ctx, wait); err != nil {
			return err
		}
	}
}

// untilNext is the time to the next hand-off, at most Resync.
func (s *Syncer) untilNext() time.Duration {
	now := s.o.Now()
	hs := s.o.Schedule.Handoffs(now, 1)
	if len(hs) == 0 {
		return s.o.Resync
	}
	return min(hs[0].At.Sub(now), s.o.Resync)
}

// Sync updates the on-call gauge and, with a sync group, makes one pass
// over the group's members; its outcome is counted.
func (s *Syncer) Sync(ctx context.Context) error {
	who := s.o.Schedule.OnCall(s.o.Now())
	s.o.Metrics.setOnCall(s.o.Schedule.Name(), who)
	if s.group == "" {
		return nil
	}
	err := s.syncGroup(ctx, who)
	s.o.Metrics.countSync(s.o.Schedule.Name(), err)
	return err
}
