package main

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// actionChartRange is the action page's chart window when defaults.graph
// sets none.
const actionChartRange = time.Hour

// chartSource is what the configuration in use gives the action page's
// charts: its Charter (nil without prometheus.url) and the options.
type chartSource struct {
	charter pipeline.Charter
	opts    graph.Effective
}

// newChartSource is cfg's chart source: defaults.graph's options, with a
// window of actionChartRange when it sets none.
func newChartSource(c pipeline.Charter, defaults graph.Effective) *chartSource {
	if defaults.Range <= 0 {
		defaults.Range = actionChartRange
	}
	return &chartSource{charter: c, opts: defaults}
}

// chartAlert is the group's alert to chart (graph.Pick), if any.
func chartAlert(grp ledger.Group) (template.Alert, bool) {
	alerts := make([]template.Alert, 0, len(grp.Alerts))
	for _, a := range grp.Alerts {
		alerts = append(alerts, template.Alert{Status: a.Status, Labels: a.Labels, Annotations: a.Annotations,
			StartsAt: a.StartsAt, EndsAt: a.EndsAt, GeneratorURL: a.GeneratorURL, Fingerprint: a.Fingerprint})
	}
	return graph.Pick(alerts)
}

// hasChart reports whether the action page of grp shows a chart.
func (g *actionGroups) hasChart(grp ledger.Group) bool {
	if g.charts == nil || g.charts().charter == nil {
		return false
	}
	_, ok := chartAlert(grp)
	return ok
}

// Chart implements action.Charts: the chart of the group's first firing
// alert with a graph link, made now (within prometheus.timeout) from the
// configured Prometheus.
func (g *actionGroups) Chart(ctx context.Context, id action.GroupID) ([]byte, error) {
	grp, err := g.group(ctx, id)
	if err != nil {
		return nil, err
	}
	a, ok := chartAlert(grp)
	if !ok || !g.hasChart(grp) {
		return nil, fmt.Errorf("group %s has no chart: %w", id, action.ErrUnknownGroup)
	}
	src := g.charts()
	return src.charter.Chart(ctx, a, src.opts)
}
