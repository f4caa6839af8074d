package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// routesTest prints what an alert with the given labels gets: routes,
// recipients and devices, priority (a template rendered for the alert),
// sound and escalation levels.
func routesTest(f *flags, stdout, stderr io.Writer) int {
	cfg, err := config.LoadFile(f.configFile)
	if err != nil {
		return fail(stderr, err)
	}
	if len(f.labels) == 0 {
		fmt.Fprintf(stderr, "%s: error: no labels given: routes test name=value… (e.g. severity=critical), try routes test --help\n", appName)
		return 2
	}
	lbls, err := routing.ParseLabels(f.labels)
	if err != nil {
		return fail(stderr, err)
	}
	b := cfg.Built()
	now := time.Now()
	explained := b.Router.Explain(f.receiver, lbls)
	if len(explained) == 0 {
		fmt.Fprintln(stdout, "no route matches: the alert would be logged and counted as unrouted")
		if hint := receiverHint(b.Router, f.receiver); hint != "" {
			fmt.Fprintln(stdout, hint)
		}
		return 0
	}
	for _, e := range explained {
		fmt.Fprintf(stdout, "route %s\n", e.Route)
		for _, r := range e.Recipients {
			if r.Schedule {
				fmt.Fprintf(stdout, "  recipient: %s (schedule: %s)\n", r.Name, onCallNow(b.Schedules, r.Name, now))
				continue
			}
			fmt.Fprintf(stdout, "  recipient: %s%s\n", r.Name, devices(r.Devices))
		}
		fmt.Fprintf(stdout, "  priority: %s\n", priorityFor(b.Templates, e, f.receiver, lbls))
		fmt.Fprintf(stdout, "  sound: %s\n", orDefault(e.Sound))
		if e.Continue {
			fmt.Fprintln(stdout, "  continue: true")
		}
		if len(e.Fallback) > 0 {
			fmt.Fprintf(stdout, "  fallback: %s (when Pushover cannot deliver)\n", strings.Join(e.Fallback, ", "))
		}
		for i, l := range e.Escalate {
			fmt.Fprintf(stdout, "  escalate level %d (if an emergency): %s%s\n", i+2, l, schedulesNow(b.Schedules, l.To, now))
		}
	}
	return 0
}

// priorityFor renders a templated priority for a single firing alert.
func priorityFor(t *templates.Templates, e routing.Explanation, receiver string, lbls map[string]string) string {
	if !routing.IsTemplate(e.Priority) {
		return e.Priority
	}
	kv := template.KV(lbls)
	d := &templates.Data{Route: e.Route, Data: &template.Data{
		Receiver: receiver, Status: "firing", CommonLabels: kv, GroupLabels: template.KV{},
		CommonAnnotations: template.KV{}, Alerts: template.Alerts{{Status: "firing", Labels: kv, Annotations: template.KV{}}},
	}}
	out, err := t.Text(e.Priority, d)
	if err != nil {
		return fmt.Sprintf("template error: %v (%s)", err, e.Priority)
	}
	p, perr := pushover.ParsePriority(out)
	if perr != nil {
		return fmt.Sprintf("%q is not a priority (%s)", out, e.Priority)
	}
	return p.String() + " (from template)"
}

// receiverHint tells, when no --receiver was given, which routes only take
// alerts for some Alertmanager receivers.
func receiverHint(r *routing.Router, receiver string) string {
	if receiver != "" {
		return ""
	}
	var filtered []string
	for _, rt := range r.Routes {
		if rt.Receiver != nil {
			filtered = append(filtered, rt.Name+" ("+rt.Receiver.String()+")")
		}
	}
	if len(filtered) == 0 {
		return ""
	}
	return "hint: routes " + strings.Join(filtered, ", ") + " only take alerts for matching Alertmanager receivers: " +
		"give --receiver=NAME"
}

func orDefault(sound string) string {
	if sound == "" {
		return "(the user's default)"
	}
	return sound
}

// onCallNow says whom the schedule name pages at now.
func onCallNow(set schedule.Set, name string, now time.Time) string {
	if who, _ := set.Resolve(name, now); who != "" {
		return who + " on call now"
	}
	return "no one on call now"
}

// schedulesNow says whom the schedules among names page at now.
func schedulesNow(set schedule.Set, names []string, now time.Time) string {
	var parts []string
	for _, n := range names {
		if set.Has(n) {
			parts = append(parts, n+": "+onCallNow(set, n, now))
		}
	}
	if len(parts) == 0 {
		return ""
	}
	return " (" + strings.Join(parts, "; ") + ")"
}
