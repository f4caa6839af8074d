package receiver

import (
	"strings"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Router is what the receiver needs of *routing.Router.
type Router interface {
	Split(receiver string, alerts template.Alerts) ([]routing.Delivery, template.Alerts)
}

// Renderer is what the receiver needs of *templates.Templates.
type Renderer interface {
	Render(spec templates.Spec, d *templates.Data) templates.Rendered
	Text(text string, d *templates.Data) (string, error)
}

// Runtime is everything one configuration gives the handler. The handler
// swaps it as a whole (see Handler.SetRuntime), so a reload is atomic.
type Runtime struct {
	Config    Config
	Token     string // the bearer token required on /alerts; "" for none
	Router    Router
	Templates Renderer
	Sender    Sender
	DryRun    bool // outcomes are "dry_run" instead of "sent"
	// Secrets (the app token, user keys) are replaced by <secret> in every
	// error text the handler logs or answers.
	Secrets []string
	// Restrict restricts the group's data to a delivery's alerts;
	// templates.Restrict when nil.
	Restrict func(*template.Data, template.Alerts) *template.Data
	// Emergency and Alertmanager are the emergency and alertmanager
	// sections (zero values: no polling, no callback).
	Emergency    EmergencyConfig
	Alertmanager AlertmanagerConfig
	// CallbackSecret authenticates POST /pushover/callback/{secret}; ""
	// refuses every callback. Callback is the URL emergency messages carry
	// (EmergencyConfig.Callback), "" for none.
	CallbackSecret, Callback string
	// AlertmanagerToken is the bearer token for Alertmanager's API; "" for none.
	AlertmanagerToken string
}

func (rt *Runtime) restrict(d *template.Data, alerts template.Alerts) *template.Data {
	if rt.Restrict != nil {
		return rt.Restrict(d, alerts)
	}
	return templates.Restrict(d, alerts)
}

// redact replaces every secret of rt in s.
func (rt *Runtime) redact(s string) string {
	for _, sec := range rt.Secrets {
		if sec != "" {
			s = strings.ReplaceAll(s, sec, "<secret>")
		}
	}
	return s
}
