package graph

import (
	"context"
	"fmt"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/client_golang/prometheus"
)

// Grapher makes the chart of an alert's expression. It is safe for
// concurrent use; build a new one when the configuration changes.
type Grapher struct {
	client   *Client
	timeout  time.Duration
	metrics  *Metrics
	now      func() time.Time
	pngLimit int
}

// New returns a Grapher for cfg's Prometheus; cfg must be valid and
// Enabled. m may be nil (nothing is counted where anyone can see).
func New(cfg Config, m *Metrics) (*Grapher, error) {
	c, err := NewClient(cfg)
	if err != nil {
		return nil, err
	}
	if m == nil {
		m = NewMetrics(prometheus.NewRegistry())
	}
	return &Grapher{client: c, timeout: time.Duration(cfg.Timeout), metrics: m, now: time.Now, pngLimit: pngLimit}, nil
}

// Pick returns the alert to chart for a group: the first firing one whose
// generatorURL is a Prometheus graph link. One chart per message keeps
// the query cost and the attachment bounded; the group's alerts usually
// come from one rule, so its expression's top series cover the others.
func Pick(alerts []template.Alert) (template.Alert, bool) {
	for _, a := range alerts {
		if a.Status != "firing" {
			continue
		}
		if _, err := Expr(a.GeneratorURL); err == nil {
			return a, true
		}
	}
	return template.Alert{}, false
}

// Chart returns a PNG of the alert's expression over o.Range ending now:
// its top o.MaxSeries series, its startsAt marked, titled with its
// alertname, o.Width×o.Height pixels (smaller only if Pushover's limit
// demands). It returns within prometheus.timeout whatever Prometheus
// does. Every failure is an *Error (see Reason) and is counted; the
// caller sends the message without a chart. With o.Range <= 0 no chart
// is wanted: it returns nil, nil and counts nothing.
func (g *Grapher) Chart(ctx context.Context, a template.Alert, o Effective) ([]byte, error) {
	if o.Range <= 0 {
		return nil, nil
	}
	expr, err := Expr(a.GeneratorURL)
	if err != nil {
		g.metrics.Skipped.Inc()
		return nil, err
	}
	start := time.Now()
	ctx, cancel := context.WithTimeout(ctx, g.timeout)
	defer cancel()
	type result struct {
		png []byte
		err error
	}
	done := make(chan result, 1) // the render goes on alone past the deadline
	go func() {
		png, err := g.chart(ctx, expr, a, o)
		done <- result{png, err}
	}()
	var r result
	select {
	case r = <-done:
	case <-ctx.Done():
		r.err = &Error{Reason: ReasonTimeout, Err: fmt.Errorf("chart not ready within %s: %w", g.timeout, ctx.Err())}
	}
	g.metrics.Duration.Observe(time.Since(start).Seconds())
	if r.err != nil {
		g.metrics.Failed.WithLabelValues(string(ReasonOf(r.err))).Inc()
		return nil, r.err
	}
	g.metrics.Rendered.Inc()
	return r.png, nil
}

// chart queries and renders; Chart bounds its time.
func (g *Grapher) chart(ctx context.Context, expr string, a template.Alert, o Effective) ([]byte, error) {
	end := g.now()
	start := end.Add(-o.Range)
	step := Step(o.Range)
	m, err := g.client.QueryRange(ctx, expr, start, end, step)
	if err != nil {
		return nil, err
	}
	if m, err = clip(m, start, end); err != nil {
		return nil, err
	}
	series, more := top(m, o.MaxSeries)
	title := a.Labels["alertname"]
	if title == "" {
		title = "alert"
	}
	return renderFit(chart{
		title: title, series: series, more: more, start: start, end: end, step: step,
		mark: a.StartsAt, width: o.Width, height: o.Height,
	}, g.pngLimit)
}
