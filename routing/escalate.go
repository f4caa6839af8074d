package routing

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// EscalationLevelConfig is one level of a route's `escalate` list as
// written in YAML: whom to page when nobody acknowledged the emergency
// After the first page.
type EscalationLevelConfig struct {
	After model.Duration `yaml:"after"`
	To    []string       `yaml:"to"`
}

// EscalationLevel is a compiled escalation level. To holds names, not
// recipients: a name may be a schedule, resolved to whoever is on call
// when the level fires.
type EscalationLevel struct {
	After time.Duration
	To    []string
}

// Options are what the configuration layer knows beyond the routing
// section. The zero Options accept only recipients.
type Options struct {
	// Names reports whether a name that is not a recipient may still be
	// paged, in a route's to or an escalation level (a schedule's name);
	// nil accepts none.
	Names func(name string) bool
}

// CompileWith is Compile with the names that Options adds.
func CompileWith(cfg Config, baseDir string, o Options) (*Router, error) {
	return compile(cfg, baseDir, o)
}

// known returns the check of a name an escalation level may page.
func (o Options) known(recipients map[string]*Recipient) func(string) bool {
	return func(name string) bool {
		_, ok := recipients[name]
		return ok || (o.Names != nil && o.Names(name))
	}
}

// checkEscalate validates the shape of an escalate list: each level's
// after is above 0 and above the level before it, and its to is a
// non-empty list without repeats. known checks each name.
func checkEscalate(p *configerr.Problems, levels *[]EscalationLevelConfig, known func(string) bool) {
	if levels == nil {
		return
	}
	var prev model.Duration
	for i, l := range *levels {
		field := fmt.Sprintf("escalate[%d]", i)
		switch {
		case l.After <= 0:
			p.Addf(field+".after", configerr.ErrInvalid, "%s must be above 0", l.After)
		case l.After <= prev:
			p.Addf(field+".after", configerr.ErrInvalid, "%s must be later than the level before it (%s)", l.After, prev)
		}
		if l.After > prev {
			prev = l.After
		}
		if len(l.To) == 0 {
			p.Addf(field+".to", configerr.ErrMissing, "a level needs at least one recipient or schedule")
		}
		for j, name := range l.To {
			f := fmt.Sprintf("%s.to[%d]", field, j)
			switch {
			case !known(name):
				p.Addf(f, ErrUnknownRecipient, "%q is not a recipient or a schedule", name)
			case slices.Contains(l.To[:j], name):
				p.Addf(f, ErrDuplicate, "%q is listed twice", name)
			}
		}
	}
}

// checkEscalatePriority refuses escalation levels that the route sets on
// a priority that is never an emergency; levels inherited from defaults
// are dropped from such a route instead, as any other setting that does
// not apply to it. A templated priority keeps its levels: they apply
// whenever the page is an emergency.
func checkEscalatePriority(p *configerr.Problems, e *Effective, own Settings) {
	if len(e.Escalate) == 0 {
		return
	}
	if prio, static := e.StaticPriority(); !static || prio == pushover.PriorityEmergency {
		return
	}
	if own.Escalate == nil {
		e.Escalate = nil
		return
	}
	p.Addf("escalate", configerr.ErrInvalid, "escalation applies only to emergencies, and the priority is %q%s",
		e.Priority, inheritedPriority(own.Priority))
}

func inheritedPriority(own *string) string {
	if own == nil {
		return " (priority inherited from defaults)"
	}
	return ""
}

// compileEscalate converts a checked escalate list.
func compileEscalate(levels *[]EscalationLevelConfig) []EscalationLevel {
	if levels == nil || len(*levels) == 0 {
		return nil
	}
	out := make([]EscalationLevel, 0, len(*levels))
	for _, l := range *levels {
		out = append(out, EscalationLevel{After: time.Duration(l.After), To: slices.Clone(l.To)})
	}
	return out
}

// EscalationSummary describes one escalation level for `routes test`,
// check-config and the status page.
type EscalationSummary struct {
	After string   `json:"after"`
	To    []string `json:"to"`
}

// String is the level as `after 10m: a, b`.
func (s EscalationSummary) String() string {
	return fmt.Sprintf("after %s: %s", s.After, strings.Join(s.To, ", "))
}

func summarizeEscalate(levels []EscalationLevel) []EscalationSummary {
	var out []EscalationSummary
	for _, l := range levels {
		out = append(out, EscalationSummary{After: model.Duration(l.After).String(), To: slices.Clone(l.To)})
	}
	return out
}

// Route returns the route named name, or nil: an escalation started
// before a reload pages with the route's current settings.
func (r *Router) Route(name string) *Route {
	for _, rt := range r.Routes {
		if rt.Name == name {
			return rt
		}
	}
	return nil
}

// DefaultEffective is the built-in settings, for an escalation page whose
// route a reload removed.
func DefaultEffective() Effective { return DefaultSettings().effective() }
