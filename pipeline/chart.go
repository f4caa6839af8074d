package pipeline

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"sync"

	"github.com/go-kit/log/level"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
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
	route string // the first route asking, for logs and the status page
	once  sync.Once
	done  chan struct{}
	png   []byte // nil: no chart
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
	j.once.Do(func() {
		p.work.Go(func() {
			defer close(j.done)
			png, err := rt.Charter.Chart(ctx, j.alert, j.opts)
			p.charted(j, png, err)
		})
	})
}

// charted logs a chart's failure (the message goes out without it) or
// keeps the chart for the status page.
func (p *Pipeline) charted(j *chartJob, png []byte, err error) {
	name := j.alert.Labels["alertname"]
	switch reason := graph.ReasonOf(err); {
	case err == nil && len(png) > 0:
		j.png = png
		p.charts.Add(RecentChart{Time: p.now(), Route: j.route, Alertname: name, PNG: png})
	case reason == graph.ReasonNoGraphLink:
		level.Debug(p.logger).Log("msg", "no chart: the alert's generatorURL is not a Prometheus graph link",
			"route", j.route, "alertname", name)
	case err != nil:
		level.Warn(p.logger).Log("msg", "no chart, sending the message without it", "route", j.route,
			"alertname", name, "reason", reason, "err", err)
	}
}

// attachChart waits for n's chart (bounded by the Charter) and attaches it.
func attachChart(ctx context.Context, n *Notification) {
	if n.chart == nil {
		return
	}
	select {
	case <-n.chart.done:
	case <-ctx.Done():
		return
	}
	if n.chart.png != nil {
		n.Message.Attachment = graph.Attachment(n.chart.png)
	}
}

// attachmentRefused reports whether Pushover refused a message for its
// attachment; the message is then sent again without it.
func attachmentRefused(err error) bool {
	var ae *pushover.APIError
	if !errors.As(err, &ae) {
		return false
	}
	if _, ok := ae.Fields["attachment"]; ok {
		return true
	}
	for _, e := range ae.Errors {
		if strings.Contains(strings.ToLower(e), "attachment") {
			return true
		}
	}
	return false
}
