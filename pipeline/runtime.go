package pipeline

import (
	"time"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redact"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Router is what the pipeline needs of *routing.Router.
type Router interface {
	Split(receiver string, alerts template.Alerts) ([]routing.Delivery, template.Alerts)
}

// Renderer is what the pipeline needs of *templates.Templates.
type Renderer interface {
	Render(spec templates.Spec, d *templates.Data) templates.Rendered
	Text(text string, d *templates.Data) (string, error)
}

// Config bounds the work of one webhook (from the receiver section).
type Config struct {
	// Timeout bounds one request, from before planning to the answer;
	// what is unfinished then answers 503.
	Timeout time.Duration
	// DedupWindow: on a reminder, an acceptance older than this is sent
	// again; an Alertmanager retry is never sent twice.
	DedupWindow time.Duration
	// QuotaRetryWindow: a quota error resetting sooner answers 503, later 422.
	QuotaRetryWindow time.Duration
	// MaxConcurrency bounds the deliveries of one request sent at once.
	MaxConcurrency int
}

// Runtime is everything one configuration gives the pipeline. It is
// passed per request, so a reload is atomic for each.
type Runtime struct {
	Config    Config
	Router    Router
	Templates Renderer
	// Notifiers deliver to the recipients, by routing recipient kind (see
	// Notifier); the one of routing.KindPushover also cancels emergencies
	// (Canceller). A dry run has a *DryRun of every kind (DryRunAll).
	Notifiers map[string]Notifier
	DryRun    bool // outcomes are "dry_run" instead of "sent"
	// Secrets (the app token, user keys) are replaced by <secret> in every
	// error text the pipeline logs or answers.
	Secrets redact.Secrets
	// Callback is the URL emergency messages carry for Pushover's
	// acknowledgement callback; "" for none.
	Callback string
	// Actions, when set (web.external_url), stores each webhook's group
	// and links every message to its action page (see ActionPages).
	Actions ActionPages
	// TagPrefix begins every emergency's tag (emergency.Config.TagPrefix);
	// emergency.DefaultTagPrefix when "".
	TagPrefix string
	// Recipients are the configured recipients by name: whom a schedule
	// or an escalation level resolves to.
	Recipients map[string]*routing.Recipient
	// Schedules resolves a schedule named in a route's to (a placeholder
	// Recipient) to whoever is on call at t ("" for no one);
	// schedule.Set.Resolve is one. nil: no schedule resolves.
	Schedules func(name string, t time.Time) (recipient string, isSchedule bool)
	// Now is the clock of planning (time.Now when nil).
	Now func() time.Time
	// Charter makes the charts of routes with a graph range; nil: no
	// charts (no prometheus.url).
	Charter Charter
}

// onCall returns the recipient a schedule placeholder of a route's to
// pages at now, or nil when no one is on call.
func (rt *Runtime) onCall(name string, now time.Time) *routing.Recipient {
	if rt.Schedules == nil {
		return nil
	}
	who, _ := rt.Schedules(name, now)
	if who == "" {
		return nil
	}
	return rt.Recipients[who]
}

func (rt *Runtime) now() time.Time {
	if rt.Now == nil {
		return time.Now()
	}
	return rt.Now()
}
