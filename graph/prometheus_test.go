package graph

import (
	"context"
	"encoding/json"
	"flag"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

var update = flag.Bool("update", false, "write docs/chart-example.png from the real-Prometheus test")

// prometheusBinary returns the real Prometheus ($PROMETHEUS_BIN, else the
// one on PATH), skipping the test without one unless E2E_REQUIRED is set.
func prometheusBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real Prometheus skipped in -short mode")
	}
	path := os.Getenv("PROMETHEUS_BIN")
	if path == "" {
		path, _ = exec.LookPath("prometheus")
	}
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatalf("no prometheus binary (PROMETHEUS_BIN=%q, none on PATH); install Debian's prometheus package", path)
	}
	t.Skip("no prometheus binary: install Debian's prometheus package or set PROMETHEUS_BIN")
	return ""
}

// startPrometheus runs a real Prometheus scraping itself every second and
// returns its URL once it is ready.
func startPrometheus(t *testing.T) string {
	t.Helper()
	bin := prometheusBinary(t)
	dir := t.TempDir()
	addr := proctest.FreeAddr(t)
	cfg := fmt.Sprintf("global: {scrape_interval: 1s, evaluation_interval: 1s}\n"+
		"scrape_configs:\n- job_name: prometheus\n  static_configs: [{targets: ['%s']}]\n", addr)
	require.NoError(t, os.WriteFile(filepath.Join(dir, "prometheus.yml"), []byte(cfg), 0o600))
	var out proctest.Buffer
	cmd := exec.Command(bin, "--config.file="+filepath.Join(dir, "prometheus.yml"),
		"--storage.tsdb.path="+filepath.Join(dir, "data"), "--web.listen-address="+addr)
	cmd.Stdout, cmd.Stderr = &out, &out
	require.NoError(t, cmd.Start())
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-exited
		if t.Failed() {
			t.Logf("--- prometheus output ---\n%s", out.String())
		}
	})
	base := "http://" + addr
	proctest.WaitReady(t, base+"/-/ready", exited)
	return base
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
