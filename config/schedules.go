package config

import (
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// buildSchedules compiles the schedules: members and override recipients
// must be recipients, and no schedule may share a recipient's name.
//
// A schedule name is meant to be usable wherever a recipient name is (a
// route's to, escalate, fallback); routing accepts them in to and escalate
// (see routingOptions), and the pipeline resolves a name with
// Built.Schedules.Resolve(name, now).
func (c *Config) buildSchedules(dir string) (schedule.Set, error) {
	return schedule.Compile(c.Schedules, dir, func(name string) bool {
		_, ok := c.Routing.Recipients[name]
		return ok
	})
}

// routingOptions lets a route's to and escalation levels name schedules
// as well as recipients.
func (c *Config) routingOptions() routing.Options {
	return routing.Options{Names: func(name string) bool {
		_, ok := c.Schedules[name]
		return ok
	}}
}
