package pipeline

import (
	"context"
	"strconv"
	"strings"
	"sync"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
)

// Charter makes the chart attached to a message (*graph.Grapher). It
// returns within its own bound (prometheus.timeout), counts its outcomes,
// and must be safe for concurrent use.
type Charter interface {
	Chart(ctx context.Context, a template.Alert, o graph.Effective) ([]byte, error)
}

// chartJob is one chart of a webhook: made at most once, when the first
// delivery that attaches it has claimed its key, and shared by every
// recipient that attaches it.
type chartJob struct {
	alert template.Alert
	opts  graph.Effective
	route string    // the first route asking, for logs and the status page
	start sync.Once // the pipeline starts it in the background once
	made  sync.Once // it is made once
	done  chan struct{}
	png   []byte // nil: no chart
	err   error
}

// make makes the chart unless it is made already, and calls then (when
// not nil) before the waiting deliveries go on.
func (j *chartJob) make(ctx context.Context, c Charter, then func(*chartJob)) {
	j.made.Do(func() {
		defer close(j.done)
		png, err := c.Chart(ctx, j.alert, j.opts)
		if err == nil && len(png) > 0 {
			j.png = png
		}
		j.err = err
		if then != nil {
			then(j)
		}
	})
}

// Chart makes n's chart now, unless it is made already, and returns it:
// nil when n attaches none (no Charter, no graph range, nothing firing)
// or when it failed (err says why). The render command shows charts with
// it; the pipeline makes them itself.
func Chart(ctx context.Context, rt *Runtime, n *Notification) ([]byte, error) {
	if n.chart == nil || rt.Charter == nil {
		return nil, nil
	}
	n.chart.make(ctx, rt.Charter, nil)
	return n.chart.png, n.chart.err
}

// PlanCharts gives every notification to be sent of a route with a graph
// range its chart: the chart of its delivery's first firing alert with a
// Prometheus graph link (graph.Pick), one per distinct alert and options
// in the webhook (usually one), made later, only for deliveries that are
// sent. Without a Charter it does nothing.
func PlanCharts(rt *Runtime, ns []Notification) {
	if rt.Charter == nil {
		return
	}
	jobs := map[string]*chartJob{}
	for i := range ns {
		n := &ns[i]
		o := n.Route.Settings.Graph
		if n.Action != Send || n.Status != "firing" || o.Range <= 0 {
			continue
		}
		a, ok := chartAlert(n.Alerts)
		if !ok {
			continue
		}
		key := strings.Join([]string{a.Fingerprint, a.GeneratorURL, a.StartsAt.String(), o.Range.String(),
			strconv.Itoa(o.Width), strconv.Itoa(o.Height), strconv.Itoa(o.MaxSeries)}, "\x00")
		if jobs[key] == nil {
			jobs[key] = &chartJob{alert: a, opts: o, route: n.Route.Name, done: make(chan struct{})}
		}
		n.chart = jobs[key]
	}
}

// chartAlert is the alert to chart: graph.Pick's, else the first firing
// one (the Charter then counts the chart skipped: no graph link).
func chartAlert(alerts template.Alerts) (template.Alert, bool) {
	if a, ok := graph.Pick(alerts); ok {
		return a, true
	}
	for _, a := range alerts {
		if a.Status == "firing" {
			return a, true
		}
	}
	return template.Alert{}, false
}

// startChart starts n's chart unless it is started already.
func (p *Pipeline) startChart(ctx context.Context, rt *Runtime, n Notification) {
	j := n.chart
	if j == nil {
		return
	}
	j.start.Do(func() {
		p.work.Go(func() { j.make(ctx, rt.Charter, p.charted) })
	})
}

// charted logs a chart's failure (the message goes out without it) or
// keeps the chart for the status page, before any message goes out.
func (p *Pipeline) charted(j *chartJob) {
	name, err := j.alert.Labels["alertname"], j.err
	switch reason := graph.ReasonOf(err); {
	case j.png != nil:
		p.charts.Add(RecentChart{Time: p.now(), Route: j.route, Alertname: name, PNG: j.png})
	case reason == graph.ReasonNoGraphLink:
		level.Debug(p.logger).Log("msg", "no chart: the alert's generatorURL is not a Prometheus graph link",
			"route", j.route, "alertname", name)
	case err != nil:
		level.Warn(p.logger).Log("msg", "no chart, sending the message without it", "route", j.route,
			"alertname", name, "reason", reason, "err", err)
	}
}

// waitChart waits for n's chart (bounded by the Charter) and returns it;
// nil for none.
func waitChart(ctx context.Context, n *Notification) []byte {
	if n.chart == nil {
		return nil
	}
	select {
	case <-n.chart.done:
		return n.chart.png
	case <-ctx.Done():
		return nil
	}
}
