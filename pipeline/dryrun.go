package pipeline

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/priority"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// DryRun stands in for the Notifier of one kind of destination: it logs,
// at info, every page it would send and every cancellation it would ask
// for, and reports success, so that the bridge runs without any account.
// It never logs an address (user key, bot id) or the action page's link.
type DryRun struct {
	Kind    string
	logger  log.Logger
	n       atomic.Uint64
	renders bool // the Notifier it stands in for is SelfRendering
}

var (
	_ Notifier  = (*DryRun)(nil)
	_ Canceller = (*DryRun)(nil)
)

// NewDryRun returns a dry run of the destination kind, logging to logger.
func NewDryRun(kind string, logger log.Logger) *DryRun {
	return &DryRun{Kind: kind, logger: log.With(logger, "component", "dry_run")}
}

// DryRunAll replaces every Notifier of nts by a dry run of its kind (a
// SelfRendering one by a SelfRendering dry run).
func DryRunAll(nts map[string]Notifier, logger log.Logger) map[string]Notifier {
	out := make(map[string]Notifier, len(nts))
	for kind, nt := range nts {
		d := NewDryRun(kind, logger)
		if _, ok := nt.(SelfRendering); ok {
			out[kind] = selfRenderingDryRun{d}
			continue
		}
		out[kind] = d
	}
	return out
}

// selfRenderingDryRun is the dry run of a SelfRendering Notifier.
type selfRenderingDryRun struct{ *DryRun }

// RendersItself implements SelfRendering.
func (selfRenderingDryRun) RendersItself() {}

// Notify implements Notifier.
func (d *DryRun) Notify(_ context.Context, p Page) (Delivered, error) {
	seq := d.n.Add(1)
	id := fmt.Sprintf("dry-run-%d", seq)
	if d.Kind != routing.KindPushover {
		id = fmt.Sprintf("dry-run-%s-%d", d.Kind, seq)
	}
	url := p.Rendered.URL
	if p.SecretURL {
		url = "<the action page's link>"
	}
	level.Info(d.logger).Log("msg", "would send message", "route", p.Route,
		"recipient", p.Recipient.Name, "destination", d.Kind, "devices", fmt.Sprint(p.Recipient.Devices), "priority", int(p.Priority),
		"sound", p.Sound, "tag", p.Tag, "emergency", p.Emergency, "resolved", p.Resolved, "alerts", alerts(p),
		"title", p.Rendered.Title, "message", p.Rendered.Message, "url", url, "attachment_bytes", len(p.PNG),
		"request", id)
	r := Delivered{ID: id}
	if p.Priority == priority.Emergency {
		r.Receipt = id
	}
	return r, nil
}

func alerts(p Page) int {
	if p.Data == nil {
		return 0
	}
	return len(p.Data.Alerts)
}

// Cancel implements Canceller: it cancels nothing.
func (d *DryRun) Cancel(_ context.Context, c Cancellation) (int, error) {
	if c.Receipt != "" {
		level.Info(d.logger).Log("msg", "would cancel an emergency by receipt", "destination", d.Kind,
			"route", c.Route, "recipient", c.Recipient, "receipt", c.Receipt)
		return 0, nil
	}
	level.Info(d.logger).Log("msg", "would cancel emergencies by tag", "destination", d.Kind,
		"route", c.Route, "recipient", c.Recipient, "tag", c.Tag)
	return 0, nil
}
