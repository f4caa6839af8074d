package routing

import (
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

// Compile validates cfg and builds the router; baseDir resolves relative
// *_file paths. It reports every problem it finds at once, joined, each a
// *configerr.ConfigError naming the route (by name, or by index when unnamed) or
// recipient and the YAML key. No error holds a user key. A route's to and
// escalation levels may name only recipients; CompileWith accepts
// schedules too.
func Compile(cfg Config, baseDir string) (*Router, error) {
	return compile(cfg, baseDir, Options{})
}

func compile(cfg Config, baseDir string, o Options) (*Router, error) {
	recipients, errs := compileRecipients(cfg.Recipients, baseDir)
	known := o.known(recipients)

	defaults := configerr.Problems{Section: "defaults"}
	cfg.Defaults.check(&defaults)
	if cfg.Defaults.Fallback != nil {
		resolveFallback(&defaults, *cfg.Defaults.Fallback, nil, recipients)
	}
	checkEscalate(&defaults, cfg.Defaults.Escalate, known)
	checkEscalateRooms(&defaults, cfg.Defaults.Escalate, recipients)
	errs = append(errs, defaults.Errs()...)
	base := DefaultSettings().Merge(cfg.Defaults)

	if len(cfg.Routes) == 0 {
		errs = append(errs, &configerr.ConfigError{Section: "routes", Err: ErrNoRoutes})
	}
	r := &Router{}
	seen := make(map[string]int, len(cfg.Routes))
	for i, rc := range cfg.Routes {
		route, rerrs := compileRoute(i, rc, seen, recipients, base, len(defaults.Errs()) == 0, o)
		errs = append(errs, rerrs...)
		r.Routes = append(r.Routes, route)
	}
	if len(errs) > 0 {
		return nil, errors.Join(errs...)
	}
	r.Recipients = sortedRecipients(recipients)
	return r, nil
}

// compileRoute checks and compiles the i-th route. seen maps the names of
// the routes before it to their index. Emergency limits are checked only
// when the inherited defaults are valid, so a bad default is reported once.
func compileRoute(i int, rc RouteConfig, seen map[string]int, recipients map[string]*Recipient,
	base Settings, defaultsOK bool, o Options,
) (*Route, []error) {
	known := o.known(recipients)
	p := configerr.Problems{Section: routeSection(i, rc.Name)}
	switch prev, dup := seen[rc.Name]; {
	case strings.TrimSpace(rc.Name) == "":
		p.Addf("name", configerr.ErrMissing, "every route needs a name")
	case dup:
		p.Addf("name", ErrDuplicate, "route %d has the same name", prev)
	default:
		seen[rc.Name] = i
	}
	route := &Route{Name: rc.Name, Continue: rc.Continue}
	var err error
	route.Matchers, err = ParseMatchers(rc.Matchers)
	p.Add("matchers", err)
	route.Receiver, err = compileReceiver(rc.Receiver)
	p.Add("receiver", err)
	route.To = resolveTo(&p, rc.To, recipients, o.Names)

	before := len(p.Errs())
	rc.Settings.check(&p)
	checkEscalate(&p, rc.Settings.Escalate, known)
	checkEscalateRooms(&p, rc.Settings.Escalate, recipients)
	if len(p.Errs()) == before && defaultsOK {
		merged := base.Merge(rc.Settings)
		route.Settings = merged.effective()
		checkEmergency(&p, route.Settings, rc.Settings)
		checkEscalatePriority(&p, &route.Settings, rc.Settings)
		if rc.Fallback == nil { // inherited from defaults, checked there; only the overlap with to is the route's
			route.Fallback = resolveFallback(&configerr.Problems{}, deref(merged.Fallback), nil, recipients)
			checkOverlap(&p, deref(merged.Fallback), rc.To)
		}
	}
	if rc.Fallback != nil {
		route.Fallback = resolveFallback(&p, *rc.Fallback, rc.To, recipients)
	}
	return route, p.Errs()
}

// checkEscalateRooms refuses a GroupMe room in an escalation level:
// escalation pages Pushover emergencies, which a room cannot receive.
func checkEscalateRooms(p *configerr.Problems, levels *[]EscalationLevelConfig, recipients map[string]*Recipient) {
	for i, l := range deref(levels) {
		for j, name := range l.To {
			if r, ok := recipients[name]; ok && r.Kind == KindGroupMe {
				p.Addf(fmt.Sprintf("escalate[%d].to[%d]", i, j), configerr.ErrInvalid,
					"%q is a GroupMe room: escalation pages Pushover recipients (use fallback for rooms)", name)
			}
		}
	}
}

// routeSection names a route in errors: by name, or by index if it has none.
func routeSection(i int, name string) string {
	if strings.TrimSpace(name) == "" {
		return fmt.Sprintf("route %d", i)
	}
	return fmt.Sprintf("route %q", name)
}

// resolveTo looks up a route's recipients by name. A name that is no
// recipient but that names accepts (a schedule) becomes a placeholder
// Recipient with Schedule set and no key, resolved when a page is sent.
func resolveTo(p *configerr.Problems, names []string, recipients map[string]*Recipient, other func(string) bool) []*Recipient {
	if len(names) == 0 {
		p.Addf("to", configerr.ErrMissing, "a route needs at least one recipient")
		return nil
	}
	out := make([]*Recipient, 0, len(names))
	for j, name := range names {
		field := fmt.Sprintf("to[%d]", j)
		rcp, ok := recipients[name]
		if !ok && other != nil && other(name) {
			rcp, ok = &Recipient{Name: name, Schedule: true}, true
		}
		switch {
		case !ok && other != nil:
			p.Addf(field, ErrUnknownRecipient, "%q is not defined in recipients or schedules", name)
		case !ok:
			p.Addf(field, ErrUnknownRecipient, "%q is not defined in recipients", name)
		case slices.Contains(names[:j], name):
			p.Addf(field, ErrDuplicate, "%q is listed twice", name)
		default:
			out = append(out, rcp)
		}
	}
	return out
}

// resolveFallback looks up a route's (or the defaults') fallback
// recipients by name; none may also be in to.
func resolveFallback(p *configerr.Problems, names, to []string, recipients map[string]*Recipient) []*Recipient {
	out := make([]*Recipient, 0, len(names))
	for j, name := range names {
		field := fmt.Sprintf("fallback[%d]", j)
		rcp, ok := recipients[name]
		switch {
		case !ok:
			p.Addf(field, ErrUnknownRecipient, "%q is not defined in recipients", name)
		case slices.Contains(names[:j], name):
			p.Addf(field, ErrDuplicate, "%q is listed twice", name)
		default:
			out = append(out, rcp)
		}
	}
	checkOverlap(p, names, to)
	return out
}

// checkOverlap refuses a fallback recipient that is also one of to.
func checkOverlap(p *configerr.Problems, fallback, to []string) {
	for j, name := range fallback {
		if slices.Contains(to, name) {
			p.Addf(fmt.Sprintf("fallback[%d]", j), ErrDuplicate, "%q is also in to: a fallback must be another recipient", name)
		}
	}
}

// deref dereferences a list that may be unset.
func deref[T any](list *[]T) []T {
	if list == nil {
		return nil
	}
	return *list
}

func sortedRecipients(m map[string]*Recipient) []*Recipient {
	out := make([]*Recipient, 0, len(m))
	for _, r := range m {
		out = append(out, r)
	}
	slices.SortFunc(out, func(a, b *Recipient) int { return strings.Compare(a.Name, b.Name) })
	return out
}
