package main

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/go-kit/log/level"
	"github.com/prometheus/common/version"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// statusTime is how the status page shows a time, in tables and in text.
func statusTime(t time.Time) string { return t.UTC().Format("2006-01-02 15:04:05Z") }

// statusPage is GET /. Every value goes through html/template escaping;
// nothing on it is a secret (names, never keys or tokens).
var statusPage = template.Must(template.New("status").Funcs(template.FuncMap{
	"join": strings.Join,
	"ts":   statusTime,
}).Parse(`<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>alertmanager-pushover</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}table{border-collapse:collapse;margin-bottom:1.5em}
td,th{border:1px solid #ccc;padding:.25em .6em;text-align:left;vertical-align:top}th{background:#f3f3f3}
.bad{color:#b00020;font-weight:bold}.ok{color:#1b5e20}code{font-size:.95em}</style></head><body>
<h1>alertmanager-pushover</h1>
<table>
<tr><th>Version</th><td>{{.Version}} (revision {{.Revision}}, branch {{.Branch}}, built {{.BuildDate}}, {{.GoVersion}})</td></tr>
<tr><th>Started</th><td>{{ts .Started}} (up {{.Uptime}})</td></tr>
<tr><th>Configuration</th><td><code>{{.ConfigFile}}</code>, loaded {{ts .LoadedAt}}{{if .ReloadError}} · <span class="bad">last reload failed: {{.ReloadError}}</span>{{end}}</td></tr>
<tr><th>Sending</th><td>{{if .DryRun}}<span class="bad">dry run: messages are logged, not sent</span>{{else}}to <code>{{.APIURL}}</code>, timeout {{.PushoverTimeout}}{{end}}</td></tr>
<tr><th>Webhook</th><td>POST /alerts · auth: {{.Auth}} · max body {{.MaxBody}} · timeout {{.Timeout}} · dedup window {{.DedupWindow}}</td></tr>
<tr><th>Templates</th><td>{{if .Templates}}{{join .Templates ", "}}{{else}}built-in only{{end}}</td></tr>
<tr><th>Action page</th><td>{{.ActionPage}}</td></tr>
<tr><th>Ledger</th><td>{{if .LedgerError}}<span class="bad">{{.LedgerError}}</span>{{else}}<span class="ok">{{.Ledger}}</span>{{end}}</td></tr>
</table>
<h2>Routes</h2>
<table><tr><th>#</th><th>Route</th><th>Matchers</th><th>Receiver</th><th>To</th><th>Priority</th><th>Sound</th><th>Continue</th></tr>
{{range $i, $r := .Routes}}<tr><td>{{$i}}</td><td>{{$r.Name}}</td><td><code>{{join $r.Matchers ", "}}</code></td><td>{{$r.Receiver}}</td><td>{{join $r.Recipients ", "}}{{with $r.Fallback}}; fallback: {{join . ", "}}{{end}}</td><td>{{$r.Priority}}</td><td>{{$r.Sound}}</td><td>{{$r.Continue}}</td></tr>
{{end}}</table>
<h2>Recipients</h2>
<table><tr><th>Name</th><th>Devices</th></tr>
{{range .Recipients}}<tr><td>{{.Name}}</td><td>{{if .Room}}GroupMe room{{else if .Devices}}{{join .Devices ", "}}{{else}}all{{end}}</td></tr>
{{end}}</table>
<h2>Emergencies</h2>
<p>{{.Ringing}} ringing. The last {{len .Emergencies}} sent in the last 24 hours:</p>
{{if .Emergencies}}<table><tr><th>Sent</th><th>Route</th><th>Recipient</th><th>Alerts</th><th>Expires</th><th>State</th></tr>
{{range .Emergencies}}<tr><td>{{ts .SentAt}}</td><td>{{.Route}}</td><td>{{.Recipient}}</td><td>{{.Alerts}}</td><td>{{ts .ExpiresAt}}</td><td{{if .Ringing}} class="bad"{{end}}>{{.State}}</td></tr>
{{end}}</table>{{end}}
<h2>On call</h2>
{{if .OnCall}}<table><tr><th>Schedule</th><th>On call now</th><th>Next hand-offs</th><th>Delivery group</th></tr>
{{range .OnCall}}<tr><td>{{.Schedule}} ({{.TimeZone}})</td><td>{{if .OnCall}}{{.OnCall}}{{if .Override}} (override){{end}}{{else}}<span class="bad">no one</span>{{end}}</td><td>{{range .Next}}{{.At.Format "2006-01-02 15:04 MST"}}: {{or .Recipient "no one"}}<br>{{end}}</td><td>{{if .SyncGroup}}follows{{else}}none{{end}}</td></tr>
{{end}}</table>{{else}}<p>No schedules.</p>{{end}}
<h2>Escalations</h2>
{{if .Escalations}}<table><tr><th>First page</th><th>Route</th><th>Levels paged</th><th>Did not answer</th><th>Next</th></tr>
{{range .Escalations}}<tr><td>{{ts .PagedAt}}</td><td>{{.Route}}</td><td>{{.Fired}} of {{.Levels}}</td><td>{{join .Missed ", "}}</td><td>{{.Next}}</td></tr>
{{end}}</table>{{else}}<p>None pending.</p>{{end}}
{{if .ActionOn}}<h2>Actions from the action page</h2>
{{if .ActionEvents}}<table><tr><th>Time</th><th>Recipient</th><th>Action</th><th>Outcome</th><th>Group</th><th>Silences</th></tr>
{{range .ActionEvents}}<tr><td>{{ts .At}}</td><td>{{.Recipient}}</td><td>{{.Action}}</td><td{{if eq .Outcome "failed"}} class="bad"{{end}}>{{.Outcome}}</td><td><code>{{.Group}}</code></td><td>{{.Detail}}</td></tr>
{{end}}</table>{{else}}<p>None since the start.</p>{{end}}
{{end}}{{if .Charts}}<h2>Charts</h2>
<p>The last {{len .Charts}} charts attached to messages.</p>
{{range .Charts}}<figure style="display:inline-block;margin:0 1em 1em 0"><img src="/charts/{{.ID}}.png" alt="chart of {{.Alertname}}" style="max-width:32em;border:1px solid #ccc"><figcaption>{{ts .Time}} · route {{.Route}} · {{.Alertname}}</figcaption></figure>
{{end}}{{end}}
<h2>Recent deliveries</h2>
{{if .Deliveries}}<table><tr><th>Time</th><th>Route</th><th>Recipient</th><th>Priority</th><th>Alerts</th><th>Outcome</th></tr>
{{range .Deliveries}}<tr><td>{{ts .Time}}</td><td>{{or .Route "(no route)"}}</td><td>{{.Recipient}}{{if .Fallback}} (fallback){{end}}</td><td>{{.Priority}}</td><td>{{.Alerts}}</td><td>{{.Outcome}}</td></tr>
{{end}}</table>{{else}}<p>None since the start.</p>{{end}}
<p><a href="/metrics">Metrics</a> · <a href="/-/healthy">Health</a> · <a href="/-/ready">Readiness</a></p>
</body></html>
`))

type statusData struct {
	Version, Revision, Branch, BuildDate, GoVersion string
	Started, LoadedAt                               time.Time
	Uptime                                          string
	ConfigFile, ReloadError                         string
	DryRun                                          bool
	APIURL, PushoverTimeout                         string
	Auth, MaxBody, Timeout, DedupWindow             string
	Templates                                       []string
	Ledger, LedgerError                             string
	Routes                                          []routing.RouteSummary
	Recipients                                      []recipientRow
	Emergencies                                     []emergencyRow
	Ringing                                         int
	Deliveries                                      []pipeline.RecentDelivery
	OnCall                                          []schedule.Status
	Escalations                                     []escalationRow
	Charts                                          []pipeline.RecentChart
	ActionPage                                      string
	ActionOn                                        bool
	ActionEvents                                    []action.Event
}

// recipientRow is a recipient without its key.
type recipientRow struct {
	Name    string
	Devices []string
	Room    bool // a GroupMe room
}

type emergencyRow struct {
	SentAt, ExpiresAt       time.Time
	Route, Recipient, State string
	Alerts                  int
	Ringing                 bool
}

// statusEmergencies is how many emergencies, and how far back, the status
// page lists.
const (
	statusEmergencies      = 50
	statusEmergenciesSince = 24 * time.Hour
)

// serveStatus is GET /: version, configuration summary, routes, outstanding
// emergencies and recent deliveries.
func (a *App) serveStatus(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	if err := statusPage.Execute(w, a.status(time.Now())); err != nil {
		level.Error(a.logger).Log("msg", "could not render the status page", "component", "web", "err", err)
	}
}

func (a *App) status(now time.Time) statusData {
	cfg := a.config.Load()
	d := statusData{
		Version: version.Version, Revision: version.Revision, Branch: version.Branch,
		BuildDate: version.BuildDate, GoVersion: version.GoVersion,
		Started: a.started, Uptime: now.Sub(a.started).Truncate(time.Second).String(),
		ConfigFile: a.opts.ConfigFile, DryRun: a.opts.DryRun,
		Ledger:     a.ledger.Describe(),
		Deliveries: a.recent.List(), Charts: a.charts.List(),
	}
	if st := a.lastReload.Load(); st != nil {
		d.LoadedAt, d.ReloadError = st.loadedAt, st.err
	}
	if err := a.ledger.Health(context.Background()); err != nil {
		d.LedgerError = err.Error()
	}
	summarize(&d, cfg)
	a.actionStatus(&d)
	ringing, _ := a.ledger.Emergencies(context.Background(), ledger.Filter{RingingAt: now})
	d.Ringing = len(ringing)
	recent, _ := a.ledger.Emergencies(context.Background(), ledger.Filter{SentAfter: now.Add(-statusEmergenciesSince)})
	slices.Reverse(recent)
	for _, e := range recent[:min(len(recent), statusEmergencies)] {
		d.Emergencies = append(d.Emergencies, emergencyRow{SentAt: e.SentAt, ExpiresAt: e.ExpiresAt, Route: e.Route,
			Recipient: e.Recipient, Alerts: len(e.Alerts), State: emergencyState(e, now, a.ackLevel(e)),
			Ringing: e.Ringing(now)})
	}
	d.OnCall = cfg.Built().Schedules.Status(now, statusHandoffs)
	d.Escalations = a.pendingEscalations(now)
	return d
}

// emergencyState says whether e rings, and who acknowledged it (and at
// which escalation level, when lvl > 0).
func emergencyState(e ledger.Emergency, now time.Time, lvl int) string {
	switch {
	case e.Ack != nil:
		s := "acknowledged by " + e.Ack.By
		if lvl > 0 {
			s += fmt.Sprintf(" (level %d)", lvl)
		}
		if e.Ack.Device != "" {
			s += " on " + e.Ack.Device
		}
		if e.Ack.Via != "" {
			s += " via " + e.Ack.Via
		}
		return s + " at " + statusTime(e.Ack.At)
	case !e.Cancelled.IsZero():
		return "cancelled at " + statusTime(e.Cancelled) + ", not acknowledged"
	case e.Ringing(now):
		return "ringing, not acknowledged"
	}
	return "expired, not acknowledged"
}

// summarize adds the configuration's summary, without secrets, to d.
func summarize(d *statusData, cfg *config.Config) {
	b := cfg.Built()
	d.APIURL, d.PushoverTimeout = redactURL(cfg.Pushover.APIURL), cfg.Pushover.Timeout.String()
	d.Auth = "none"
	if b.ReceiverToken != "" {
		d.Auth = "bearer token"
	}
	d.MaxBody, d.Timeout, d.DedupWindow = cfg.Receiver.MaxBodyBytes.String(), cfg.Receiver.Timeout.String(),
		cfg.Receiver.DedupWindow.String()
	d.Templates = cfg.Templates
	d.Routes = b.Router.Describe()
	for _, r := range b.Router.Recipients {
		d.Recipients = append(d.Recipients, recipientRow{Name: r.Name, Devices: r.Devices, Room: r.Kind == routing.KindGroupMe})
	}
}

// redactURL hides a password in u (an api_url could carry one).
func redactURL(u string) string {
	p, err := url.Parse(u)
	if err != nil {
		return "<unparsable URL>"
	}
	return p.Redacted()
}

// actionStatus says where the action page is and lists its latest actions.
func (a *App) actionStatus(d *statusData) {
	switch {
	case a.actions == nil:
		d.ActionPage = "off (no web.external_url)"
		return
	case a.opts.ActionListenAddress != "":
		d.ActionPage = "on " + a.opts.ActionListenAddress + ", without --web.config.file's credentials"
	default:
		d.ActionPage = "on this listener, behind --web.config.file"
	}
	if !a.actions.silences {
		d.ActionPage += " · no silence buttons (no alertmanager.url)"
	}
	d.ActionOn, d.ActionEvents = true, a.actions.events.Recent()
}
