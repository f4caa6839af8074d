package e2e

import (
	"bytes"
	"image"
	"image/png"
	"net/url"
	"strings"
	"syscall"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// requestRateRule fires, once Prometheus has scraped itself twice, one
// alert per series of its own /metrics request rate.
const requestRateRule = `
groups:
  - name: e2e
    rules:
      - alert: PrometheusScraped
        expr: rate(prometheus_http_requests_total{handler="/metrics"}[10s]) > 0
        for: 0s
        labels: {severity: critical}
`

// chartRoute pages oncall with a 5m chart of a size other than the default.
const chartRoute = `routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
    graph: {range: 5m, width: 640, height: 360}
`

// A real Prometheus scrapes itself and fires a rule into a real
// Alertmanager, which sends it to the bridge: the emergency arrives with
// a PNG of the rule's expression, 640×360 as configured and not blank.
// Then Prometheus hangs (SIGSTOP), then it is gone (SIGKILL): the next
// pages still arrive, without a chart (after prometheus.timeout, or at
// once), and each failure is counted by reason and logged.
func TestChartFromRealPrometheus(t *testing.T) {
	t.Parallel()
	proctest.AlertmanagerBinary(t)
	proctest.PrometheusBinary(t)
	promAddr := proctest.FreeAddr(t)
	s := newStack(t, stackOptions{routes: chartRoute,
		extra: "prometheus:\n  url: http://" + promAddr + "\n  timeout: 5s\n"})
	prom := startPrometheus(t, promAddr, strings.TrimPrefix(s.amURL, "http://"), requestRateRule)

	s.eventually(func() bool { return len(s.messagesTo(pushovertest.DemoUser)) >= 1 },
		"Prometheus' alert, through Alertmanager, reaches the fake Pushover")
	m := s.messagesTo(pushovertest.DemoUser)[0]
	require.Contains(t, m.Title, "PrometheusScraped")
	require.Equal(t, 2, m.Priority, "an emergency carries the chart too")
	require.Equal(t, "image/png", m.AttachmentType)
	requireChart(t, m.Attachment, 640, 360)
	require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_graph_charts_rendered_total"))

	// Prometheus hangs: the chart times out, the page goes out without it.
	require.NoError(t, prom.Signal(syscall.SIGSTOP))
	s.pageWithoutChart(promAddr, "PrometheusHangs", "timeout")
	// Prometheus is gone: the same, at once.
	prom.kill()
	s.pageWithoutChart(promAddr, "PrometheusGone", "unreachable")
	require.Zero(t, s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "failed_retryable"),
		"no page was held up past receiver.timeout")
}

// pageWithoutChart posts a critical alert with a graph link to the
// Prometheus at promAddr, and awaits its page without a chart and the
// failure counted with reason and logged.
func (s *stack) pageWithoutChart(promAddr, alertname, reason string) {
	s.t.Helper()
	a := alert("alertname", alertname, "cluster", "e2e", "severity", "critical")
	a.GeneratorURL = "http://" + promAddr + "/graph?g0.expr=" + url.QueryEscape("up") + "&g0.tab=1"
	s.post(a)
	s.eventually(func() bool {
		for _, m := range s.messagesTo(pushovertest.DemoUser) {
			if strings.Contains(m.Title, alertname) {
				require.Empty(s.t, m.Attachment, "no chart")
				return true
			}
		}
		return false
	}, "the page of "+alertname+" without a chart")
	require.Equal(s.t, 1.0, s.bridgeMetric("alertmanager_pushover_graph_charts_failed_total", "reason", reason))
	require.True(s.t, s.bridgeLogged(`level=warn.*msg="no chart, sending the message without it".*alertname=`+
		alertname+` reason=`+reason))
}

// requireChart decodes b as a w×h PNG that is not blank: some of its
// pixels differ from the background (the top-left pixel), and some are
// coloured (the series' lines).
func requireChart(t *testing.T, b []byte, w, h int) {
	t.Helper()
	require.NotEmpty(t, b, "a chart is attached")
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, w, h), img.Bounds())
	bg := img.At(0, 0)
	var differ, coloured int
	for y := range h {
		for x := range w {
			c := img.At(x, y)
			if c != bg {
				differ++
			}
			r, g, b, _ := c.RGBA()
			if max(r, g, b)-min(r, g, b) > 0x3000 {
				coloured++
			}
		}
	}
	require.Greater(t, differ, w*h/100, "at least 1%% of the pixels are not background")
	require.Greater(t, coloured, w*h/1000, "some pixels are coloured (series lines)")
}
