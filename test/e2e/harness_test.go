package e2e

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// binaries builds the bridge binary once per test binary, with the Dockerfile's script.
var binaries proctest.Builder

// bridgeBinary returns the bridge binary: $E2E_BRIDGE_BIN when set (e.g. a
// build of another revision), else one built from this tree.
func bridgeBinary(t *testing.T) string {
	t.Helper()
	if path := os.Getenv("E2E_BRIDGE_BIN"); path != "" {
		return path
	}
	return binaries.Build(t, "alertmanager-pushover", "")
}

// process is a child process of a test (see proctest.Process).
type process struct {
	*proctest.Process
	t *testing.T
}

func startProcess(t *testing.T, name string, args ...string) *process {
	t.Helper()
	return &process{Process: proctest.Start(t, name, args...), t: t}
}

// start restarts the process after kill.
func (p *process) start() { p.Process.Start(p.t) }

// kill sends SIGKILL and waits for the process to be gone.
func (p *process) kill() { p.Kill() }

func (p *process) output() string { return p.Out.String() }

func writeFile(t *testing.T, dir, name, content string) string {
	t.Helper()
	path := filepath.Join(dir, name)
	require.NoError(t, os.WriteFile(path, []byte(content), 0o600))
	return path
}

// amAlert is an alert as Alertmanager's API v2 takes it.
type amAlert struct {
	Labels       map[string]string `json:"labels"`
	Annotations  map[string]string `json:"annotations,omitempty"`
	StartsAt     time.Time         `json:"startsAt"`
	EndsAt       time.Time         `json:"endsAt,omitzero"`
	GeneratorURL string            `json:"generatorURL,omitempty"`
}

// alert is an Alertmanager API v2 alert firing from now. (An alert older
// than group_wait would be flushed at once, before the other alerts of the
// same POST join its group.)
func alert(labels ...string) amAlert {
	a := amAlert{Labels: map[string]string{}, StartsAt: time.Now()}
	for i := 0; i+1 < len(labels); i += 2 {
		a.Labels[labels[i]] = labels[i+1]
	}
	return a
}

// resolved returns copies of alerts that ended now.
func resolved(alerts ...amAlert) []amAlert {
	out := make([]amAlert, len(alerts))
	for i, a := range alerts {
		a.EndsAt = time.Now()
		out[i] = a
	}
	return out
}

func postAlerts(t *testing.T, amURL string, alerts ...amAlert) {
	t.Helper()
	body, err := json.Marshal(alerts)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, amURL+"/api/v2/alerts", bytes.NewReader(body))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/json")
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "posting alerts to Alertmanager")
}

// alertmanagerConfig routes everything to the bridge with fast timers.
func alertmanagerConfig(bridgeAddr, bearer string) string {
	return strings.NewReplacer("BRIDGE", bridgeAddr, "BEARER", bearer).Replace(`
route:
  receiver: pushover-bridge
  group_by: [alertname, cluster]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: pushover-bridge
    webhook_configs:
      - url: http://BRIDGE/alerts
        send_resolved: true
        http_config:
          authorization:
            credentials: BEARER
`)
}

// startAlertmanager runs a real, single-node Alertmanager.
func startAlertmanager(t *testing.T, config string) (url string) {
	t.Helper()
	return startAlertmanagerAt(t, proctest.FreeAddr(t), config)
}

// startAlertmanagerAt runs a real, single-node Alertmanager listening on
// addr, with extra flags (such as --web.external-url).
func startAlertmanagerAt(t *testing.T, addr, config string, extra ...string) (url string) {
	t.Helper()
	return startAlertmanagerFile(t, addr, writeFile(t, t.TempDir(), "alertmanager.yml", config), extra...)
}

// startAlertmanagerFile runs a real, single-node Alertmanager on addr with
// the configuration file cfg (which a test may change, then reload).
func startAlertmanagerFile(t *testing.T, addr, cfg string, extra ...string) (url string) {
	t.Helper()
	return proctest.StartAlertmanager(t, proctest.AlertmanagerBinary(t), addr, cfg, append([]string{"--log.level=debug"}, extra...)...)
}

// describe lists recorded requests for failure output.
func describe(reqs []pushovertest.Request) string {
	var b strings.Builder
	for _, r := range reqs {
		fmt.Fprintf(&b, "  %s %s user=%s priority=%s fault=%s -> %d\n",
			r.Method, r.Path, keyName(r.Params["user"]), r.Params["priority"], r.Fault, r.Status)
	}
	return b.String()
}

// keyName names the demo keys in failure output.
func keyName(k string) string {
	switch k {
	case pushovertest.DemoUser:
		return "DemoUser"
	case pushovertest.DemoGroup:
		return "DemoGroup"
	}
	return k
}
