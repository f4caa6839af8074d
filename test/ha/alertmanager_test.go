package ha

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// alertmanagerConfig sends every group to the proxy in front of the
// bridges, with fast timers.
func alertmanagerConfig(proxyURL string) string {
	return fmt.Sprintf(`route:
  receiver: pushover-bridge
  group_by: [alertname, cluster]
  group_wait: 1s
  group_interval: 2s
  repeat_interval: 1h
receivers:
  - name: pushover-bridge
    webhook_configs:
      - url: %s/alerts
        send_resolved: true
        http_config:
          authorization:
            credentials: %s
`, proxyURL, bearer)
}

// startAlertmanagerPair runs two real Alertmanagers in one gossip cluster
// on loopback, each the other's peer, and waits until each sees both
// members. Both have the same external URL, as a pair behind one address
// has: it is part of a delivery's identity, so two Alertmanagers with
// different ones are two sources, each paged. The peer timeout of 1 ms
// makes the second one notify at once instead of after the gossip told it
// the first did: both send each notification at the same moment, the
// worst case of a real pair whose gossip lags.
func startAlertmanagerPair(t *testing.T, config string) [2]string {
	t.Helper()
	bin := proctest.AlertmanagerBinary(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alertmanager.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(config), 0o600))
	addrs := proctest.FreeAddrs(t, 4)
	web, gossip := addrs[:2], addrs[2:]
	var urls [2]string
	for i := range 2 {
		proctest.Start(t, bin,
			"--config.file="+cfg,
			"--storage.path="+filepath.Join(dir, fmt.Sprintf("data-%d", i)),
			"--web.listen-address="+web[i],
			"--cluster.listen-address="+gossip[i],
			"--cluster.advertise-address="+gossip[i],
			"--cluster.peer="+gossip[1-i],
			"--cluster.peer-timeout=1ms",
			"--web.external-url=http://alertmanager.ha.example",
			"--cluster.gossip-interval=50ms",
			"--cluster.pushpull-interval=1s",
			"--cluster.settle-timeout=2s",
			"--log.level=debug")
		urls[i] = "http://" + web[i]
	}
	for _, u := range urls {
		proctest.WaitReady(t, u+"/-/ready", nil)
		require.Eventually(t, func() bool { return clusterPeers(u) == 2 }, 30*time.Second, 100*time.Millisecond,
			"the Alertmanager at %s sees both members of the cluster", u)
	}
	return urls
}

// clusterPeers is the number of peers in an Alertmanager's
// /api/v2/status (0 when it does not answer).
func clusterPeers(amURL string) int {
	resp, err := http.Get(amURL + "/api/v2/status")
	if err != nil {
		return 0
	}
	defer resp.Body.Close()
	var st struct {
		Cluster struct {
			Status string `json:"status"`
			Peers  []any  `json:"peers"`
		} `json:"cluster"`
	}
	if json.NewDecoder(resp.Body).Decode(&st) != nil || st.Cluster.Status != "ready" {
		return 0
	}
	return len(st.Cluster.Peers)
}

// amAlert is an alert as Alertmanager's API v2 takes it.
type amAlert struct {
	Labels   map[string]string `json:"labels"`
	StartsAt time.Time         `json:"startsAt"`
	EndsAt   time.Time         `json:"endsAt,omitzero"`
}

func alert(name, severity string) amAlert {
	return amAlert{Labels: map[string]string{"alertname": name, "cluster": "ha", "severity": severity},
		StartsAt: time.Now()}
}

// resolvedNow is a copy of a that ended now.
func resolvedNow(a amAlert) amAlert {
	a.EndsAt = time.Now()
	return a
}

// postAlerts posts alerts to every Alertmanager, as Prometheus does to
// each member of a pair.
func postAlerts(t *testing.T, amURLs [2]string, alerts ...amAlert) {
	t.Helper()
	body, err := json.Marshal(alerts)
	require.NoError(t, err)
	for _, u := range amURLs {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, u+"/api/v2/alerts", bytes.NewReader(body))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		require.NoError(t, err)
		resp.Body.Close()
		cancel()
		require.Equal(t, http.StatusOK, resp.StatusCode, "posting alerts to %s", u)
	}
}
