package main

import (
	"fmt"
	"io"
	"strings"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// routesTest prints what an alert with the given labels gets: routes,
// recipients and devices, priority (a template rendered for the alert) and
// sound.
func routesTest(f *flags, stdout, stderr io.Writer) int {
	cfg, err := config.LoadFile(f.configFile)
	if err != nil {
		return fail(stderr, err)
	}
	lbls, err := routing.ParseLabels(f.labels)
	if err != nil {
		return fail(stderr, err)
	}
	b := cfg.Built()
	explained := b.Router.Explain(f.receiver, lbls)
	if len(explained) == 0 {
		fmt.Fprintln(stdout, "no route matches: the alert would be logged and counted as unrouted")
		return 0
	}
	for _, e := range explained {
		fmt.Fprintf(stdout, "route %s\n", e.Route)
		for _, r := range e.Recipients {
			fmt.Fprintf(stdout, "  recipient: %s%s\n", r.Name, devices(r.Devices))
		}
		fmt.Fprintf(stdout, "  priority: %s\n", priorityFor(b.Templates, e, f.receiver, lbls))
		fmt.Fprintf(stdout, "  sound: %s\n", orDefault(e.Sound))
		if e.Continue {
			fmt.Fprintln(stdout, "  continue: true")
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
	if _, perr := pushover.ParsePriority(out); perr != nil {
		return fmt.Sprintf("%q is not a priority (%s)", out, e.Priority)
	}
	return strings.TrimSpace(out) + " (from template)"
}

func orDefault(sound string) string {
	if sound == "" {
		return "(the user's default)"
	}
	return sound
}
