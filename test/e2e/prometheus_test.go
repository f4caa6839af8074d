package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// prometheusBinary returns the real Prometheus: $PROMETHEUS_BIN, else the
// one on PATH (Debian's package, /usr/bin/prometheus). Without one the
// test skips, unless E2E_REQUIRED is set.
func prometheusBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("end-to-end test skipped in -short mode")
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
		t.Fatalf("no prometheus binary (PROMETHEUS_BIN=%q, none on PATH); `make test` installs Debian's package", path)
	}
	t.Skip("no prometheus binary: install Debian's prometheus package or set PROMETHEUS_BIN")
	return ""
}

// startPrometheus runs a real Prometheus on addr that scrapes itself every
// second, evaluates rules every second and sends what fires to the
// Alertmanager at amAddr; it returns once Prometheus is ready.
func startPrometheus(t *testing.T, addr, amAddr, rules string) *process {
	t.Helper()
	bin := prometheusBinary(t)
	dir := t.TempDir()
	writeFile(t, dir, "rules.yml", rules)
	cfg := writeFile(t, dir, "prometheus.yml", strings.NewReplacer("SELF", addr, "AM", amAddr).Replace(`
global: {scrape_interval: 1s, evaluation_interval: 1s}
rule_files: [rules.yml]
alerting:
  alertmanagers: [{static_configs: [{targets: ['AM']}]}]
scrape_configs:
  - job_name: prometheus
    static_configs: [{targets: ['SELF']}]
`))
	p := startProcess(t, bin, "--config.file="+cfg, "--storage.tsdb.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--web.external-url=http://"+addr)
	proctest.WaitReady(t, "http://"+addr+"/-/ready", p.Done())
	return p
}
