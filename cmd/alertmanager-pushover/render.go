package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/go-kit/log"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// render prints each message a webhook payload would send, as it would be
// sent, and optionally writes an HTML preview.
func render(f *flags, stdin io.Reader, stdout, stderr io.Writer) int {
	ns, rt, err := planPayload(f.configFile, f.payload, stdin)
	if err != nil {
		return fail(stderr, err)
	}
	if len(ns) == 0 {
		fmt.Fprintln(stdout, "no deliveries: no alert of the payload matches a route")
	}
	var charts []chartResult
	if f.graphDir != "" {
		if charts, err = makeCharts(f.graphDir, rt, ns); err != nil {
			return fail(stderr, err)
		}
	}
	for i, n := range ns {
		printNotification(stdout, n)
		if f.graphDir != "" && n.Action == pipeline.Send {
			fmt.Fprint(stdout, chartLine(charts[i]))
		}
	}
	if f.html == "" {
		return 0
	}
	var buf bytes.Buffer
	if err := writePreview(&buf, ns, charts); err != nil {
		return fail(stderr, err)
	}
	if err := os.WriteFile(f.html, buf.Bytes(), 0o644); err != nil {
		return fail(stderr, err)
	}
	fmt.Fprintf(stdout, "wrote %s\n", f.html)
	return 0
}

// planPayload loads the configuration and plans the payload's deliveries
// (nothing is sent), with their charts when prometheus.url is set.
func planPayload(configFile, payload string, stdin io.Reader) ([]pipeline.Notification, *pipeline.Runtime, error) {
	cfg, err := config.LoadFile(configFile)
	if err != nil {
		return nil, nil, err
	}
	m, err := readPayload(payload, stdin)
	if err != nil {
		return nil, nil, err
	}
	rt := buildRuntime(cfg, true, nil, nil, log.NewNopLogger(), nil)
	if rt.Pipeline.Charter, err = newCharter(cfg, nil); err != nil {
		return nil, nil, err
	}
	ns, _ := pipeline.Plan(context.Background(), &rt.Pipeline, m, nil)
	pipeline.PlanCharts(&rt.Pipeline, ns)
	for i := range ns {
		switch {
		case ns[i].Action != pipeline.Send:
		case ns[i].Recipient.Kind == routing.KindGroupMe:
			renderGroupMe(cfg, &ns[i])
		default:
			pipeline.Render(&rt.Pipeline, &ns[i])
		}
	}
	return ns, &rt.Pipeline, nil
}

// readPayload decodes the webhook payload in the file payload, or stdin for -.
func readPayload(payload string, stdin io.Reader) (*webhook.Message, error) {
	r := stdin
	if payload != "-" {
		file, err := os.Open(payload)
		if err != nil {
			return nil, err
		}
		defer file.Close()
		r = file
	}
	m, err := webhook.Decode(r)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", payload, err)
	}
	return m, nil
}

// renderGroupMe renders n for a GroupMe room, as groupmenotify posts it,
// into n.Rendered (format text; the text as posted in Message).
func renderGroupMe(cfg *config.Config, n *pipeline.Notification) {
	r := cfg.Built().Templates.RenderGroupMe(templates.DefaultGroupMeSpec(), n.Data)
	text, _ := groupme.Fit(groupme.Notification{Title: r.Title, Text: r.Text, Resolved: n.Status == "resolved",
		Emergency: n.Status == "firing" && n.Priority == pushover.PriorityEmergency}.Compose())
	n.Rendered = templates.Rendered{Title: r.Title, Message: text, Format: templates.FormatText, Err: r.Err}
}

func printNotification(w io.Writer, n pipeline.Notification) {
	fmt.Fprintf(w, "=== route %s, recipient %s%s (%s, %d alerts)\n",
		n.Route.Name, n.Recipient.Name, devices(n.Recipient.Devices), n.Status, len(n.Alerts))
	if n.Cancel {
		fmt.Fprintf(w, "cancel_by_tag: %s (before sending)\n", n.Tag)
	}
	switch {
	case n.Action == pipeline.Skip:
		fmt.Fprintln(w, "not sent: resolved, and the route does not send_resolved")
		return
	case n.Action == pipeline.NoOneOnCall:
		fmt.Fprintf(w, "not sent: schedule %s has no one on call\n", n.Schedule)
		return
	case n.Action != pipeline.Send:
		fmt.Fprintf(w, "not sent: %s\n", n.Action)
		return
	}
	if n.Schedule != "" {
		fmt.Fprintf(w, "schedule: %s (on call now)\n", n.Schedule)
	}
	if n.Recipient.Kind == routing.KindGroupMe {
		if n.Rendered.Err != nil {
			fmt.Fprintf(w, "template error (fallback sent): %v\n", n.Rendered.Err)
		}
		fmt.Fprintf(w, "destination: GroupMe\ntext:\n%s\n\n", n.Rendered.Message)
		return
	}
	m := pushovernotify.Message(n.Page(&pipeline.Runtime{}))
	fmt.Fprintf(w, "priority: %s\nsound: %s\n", m.Priority, orDefault(m.Sound))
	if len(m.Tags) > 0 {
		fmt.Fprintf(w, "retry: %s\nexpire: %s\ntags: %s\n", promDuration(m.Retry), promDuration(m.Expire), strings.Join(m.Tags, ","))
	}
	if n.PriorityErr != nil {
		fmt.Fprintf(w, "priority template error: %v\n", n.PriorityErr)
	}
	if n.Rendered.Err != nil {
		fmt.Fprintf(w, "template error (fallback sent): %v\n", n.Rendered.Err)
	}
	fmt.Fprintf(w, "format: %s\ntitle: %s\nurl: %s\nurl_title: %s\nmessage:\n%s\n\n",
		n.Rendered.Format, m.Title, m.URL, m.URLTitle, m.Message)
}
