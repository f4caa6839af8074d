package schedule

import (
	"context"
	"fmt"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// syncGroup makes the group's managed entries equal to who: add or enable
// who first, then remove or disable the other managed entries.
func (s *Syncer) syncGroup(ctx context.Context, who string) error {
	onKey := ""
	if who != "" {
		k, ok := s.o.UserKey(who)
		if !ok {
			return fmt.Errorf("on-call recipient %q has no user key", who)
		}
		onKey = k
	}
	managed := map[string]string{} // key to recipient name
	for _, name := range s.o.Schedule.People() {
		if k, ok := s.o.UserKey(name); ok {
			managed[k] = name
		}
	}
	g, err := s.o.API.Group(ctx, s.group)
	if err != nil {
		return err
	}
	if err := s.bringIn(ctx, g.Users, onKey, who); err != nil {
		return err
	}
	for _, m := range g.Users {
		name, ok := managed[m.User]
		if !ok || m.User == onKey {
			continue // unrelated, or the on-call person
		}
		if err := s.takeOut(ctx, m, name); err != nil {
			return err
		}
	}
	return nil
}

// bringIn adds the on-call person, or enables their disabled entries.
func (s *Syncer) bringIn(ctx context.Context, members []pushover.GroupMember, key, who string) error {
	if key == "" {
		return nil
	}
	present := false
	for _, m := range members {
		if m.User != key {
			continue
		}
		present = true
		if m.Disabled {
			if err := s.o.API.EnableGroupUser(ctx, s.group, key, m.Device); err != nil {
				return fmt.Errorf("enabling %q: %w", who, err)
			}
			level.Info(s.log).Log("msg", "enabled the on-call person in the group", "recipient", who)
		}
	}
	if present {
		return nil
	}
	if err := s.o.API.AddGroupUser(ctx, s.group, key, "", "on call: "+s.o.Schedule.Name()); err != nil {
		return fmt.Errorf("adding %q: %w", who, err)
	}
	level.Info(s.log).Log("msg", "added the on-call person to the group", "recipient", who)
	return nil
}

// takeOut removes (or disables) a managed entry of someone not on call.
func (s *Syncer) takeOut(ctx context.Context, m pushover.GroupMember, name string) error {
	if s.o.Disable {
		if m.Disabled {
			return nil
		}
		if err := s.o.API.DisableGroupUser(ctx, s.group, m.User, m.Device); err != nil {
			return fmt.Errorf("disabling %q: %w", name, err)
		}
		level.Info(s.log).Log("msg", "disabled a member who is no longer on call", "recipient", name)
		return nil
	}
	if err := s.o.API.RemoveGroupUser(ctx, s.group, m.User, m.Device); err != nil {
		return fmt.Errorf("removing %q: %w", name, err)
	}
	level.Info(s.log).Log("msg", "removed a member who is no longer on call", "recipient", name)
	return nil
}
