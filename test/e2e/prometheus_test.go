package e2e

import (
	"strings"
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// startPrometheus runs a real Prometheus on addr that scrapes itself every
// second, evaluates rules every second and sends what fires to the
// Alertmanager at amAddr; it returns once Prometheus is ready.
func startPrometheus(t *testing.T, addr, amAddr, rules string) *process {
	t.Helper()
	bin := proctest.PrometheusBinary(t)
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
	return &process{Process: proctest.StartPrometheus(t, bin, addr, cfg, "--web.external-url=http://"+addr), t: t}
}
