package graph

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

var update = flag.Bool("update", false, "write docs/chart-example.png from the real-Prometheus test")

// startPrometheus runs a real Prometheus scraping itself every second and
// returns its URL once it is ready.
func startPrometheus(t *testing.T) string {
	t.Helper()
	bin := proctest.PrometheusBinary(t)
	addr := proctest.FreeAddr(t)
	cfg := filepath.Join(t.TempDir(), "prometheus.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(fmt.Sprintf(
		"global: {scrape_interval: 1s, evaluation_interval: 1s}\n"+
			"scrape_configs:\n- job_name: prometheus\n  static_configs: [{targets: ['%s']}]\n", addr)), 0o600))
	proctest.StartPrometheus(t, bin, addr, cfg)
	return "http://" + addr
}

// instant runs an instant query and returns the first sample's value, or -1.
func instant(t *testing.T, base, expr string) float64 {
	resp, err := http.PostForm(base+"/api/v1/query", url.Values{"query": {expr}})
	if err != nil {
		return -1
	}
	defer resp.Body.Close()
	var a struct {
		Data struct {
			Result model.Vector `json:"result"`
		} `json:"data"`
	}
	if json.NewDecoder(resp.Body).Decode(&a) != nil || len(a.Data.Result) == 0 {
		return -1
	}
	return float64(a.Data.Result[0].Value)
}

// TestChartRealPrometheus charts the request rate of a real Prometheus by
// handler, once it holds twenty scrapes of itself, and checks the PNG.
// With -update it writes the chart to docs/chart-example.png.
func TestChartRealPrometheus(t *testing.T) {
	base := startPrometheus(t)
	const samples = 20
	require.Eventually(t, func() bool {
		return instant(t, base, `count_over_time(up{job="prometheus"}[1m])`) >= samples
	}, 60*time.Second, 200*time.Millisecond, "Prometheus scrapes itself")

	cfg := DefaultConfig()
	cfg.URL = base
	cfg.Timeout = model.Duration(30 * time.Second) // a loaded CI machine; Chart's bound is tested with fakes
	require.NoError(t, cfg.Validate())
	g, err := New(cfg, nil)
	require.NoError(t, err)
	expr := `sum by (handler) (rate(prometheus_http_requests_total[5s]))`
	now := time.Now()
	a := template.Alert{
		Status: "firing", Labels: template.KV{"alertname": "PrometheusRequestRate"}, StartsAt: now.Add(-8 * time.Second),
		GeneratorURL: "http://unused.example:9090/graph?g0.expr=" + url.QueryEscape(expr) + "&g0.tab=1",
	}
	o := Effective{Range: samples * time.Second, Width: 800, Height: 450, MaxSeries: 4}
	png, err := g.Chart(context.Background(), a, o)
	require.NoError(t, err)
	checkPNG(t, png, o.Width, o.Height)
	t.Logf("chart: %d bytes", len(png))
	if *update {
		require.NoError(t, os.WriteFile(filepath.Join(proctest.RepoRoot(), "docs", "chart-example.png"), png, 0o644))
	}
}
