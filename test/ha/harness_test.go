package ha

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// binaries builds the bridge once per test binary, with the Dockerfile's script.
var binaries proctest.Builder

// bearer is the token the bridges require on /alerts.
const bearer = "ha-bearer-token"

// redisPassword is the Redis server's password: it must show nowhere.
const redisPassword = "ha-redis-Pa55word"

// bridgeBinary returns the bridge binary: $E2E_BRIDGE_BIN when set, else
// one built from this tree.
func bridgeBinary(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("high-availability tests run the real binaries; skipped in -short mode")
	}
	if path := os.Getenv("E2E_BRIDGE_BIN"); path != "" {
		return path
	}
	return binaries.Build(t, "alertmanager-pushover", "")
}

// bridgeConfig routes alerts named HaCrit* to the demo user as emergencies
// (a route of each name, so that a route's metrics tell which replica sent
// its page) and every other alert at normal priority; resolved messages go
// out at low priority. callback is the URL Pushover calls back.
func bridgeConfig(fakeURL, urlFile, callback string) string {
	return fmt.Sprintf(`pushover:
  token: %s
  api_url: %s
  timeout: 5s
receiver:
  bearer_token: %s
  timeout: 2s
recipients:
  oncall:
    user_key: %s
    devices: [phone]
routes:
  - name: page-a
    matchers: ['alertname="HaCritA"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
  - name: page-b
    matchers: ['alertname="HaCritB"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
  - name: page
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
  - name: notify
    to: [oncall]
    priority: normal
defaults:
  send_resolved: true
  resolved_priority: low
emergency:
  callback_url: %s
ledger:
  redis:
    url_file: %s
    key_prefix: ha-test/
`, pushovertest.DemoToken, fakeURL, bearer, pushovertest.DemoUser, callback, urlFile)
}

// bridge is one replica: a bridge process on its own port.
type bridge struct {
	*proctest.Process
	t   *testing.T
	url string
}

// cluster is the world of a test: a real Redis, the fake Pushover, two
// bridge replicas sharing the Redis, and the proxy in front of them.
type cluster struct {
	t        *testing.T
	redis    *redistest.Server
	fake     *pushovertest.Server
	replicas [2]*bridge
	proxy    *proxy
}

// newCluster starts the Redis server, the fake (with opts) and the two
// replicas behind the proxy; Pushover's callback goes to the proxy.
func newCluster(t *testing.T, opts ...pushovertest.Option) *cluster {
	t.Helper()
	bin := bridgeBinary(t)
	c := &cluster{t: t, redis: redistest.Start(t, redistest.Options{Password: redisPassword})}
	c.fake = pushovertest.New(t, append([]pushovertest.Option{pushovertest.WithDemoAccount()}, opts...)...)
	dir := t.TempDir()
	urlFile := filepath.Join(dir, "redis-url")
	require.NoError(t, os.WriteFile(urlFile, []byte(c.redis.URL(redisPassword, 0)+"\n"), 0o600))
	addrs := proctest.FreeAddrs(t, 2)
	c.proxy = startProxy(t, "http://"+addrs[0], "http://"+addrs[1])
	cfg := filepath.Join(dir, "bridge.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(bridgeConfig(c.fake.URL, urlFile, c.proxy.url)), 0o600))
	for i, addr := range addrs {
		p := proctest.Start(t, bin, "--config.file="+cfg, "--web.listen-address="+addr,
			"--storage.path="+filepath.Join(dir, fmt.Sprintf("data-%d", i)), "--log.level=debug")
		c.replicas[i] = &bridge{Process: p, t: t, url: "http://" + addr}
		proctest.WaitReady(t, c.replicas[i].url+"/-/ready", p.Done())
	}
	return c
}

// restart starts a killed replica again with the same flags.
func (b *bridge) restart() {
	b.t.Helper()
	b.Start(b.t)
	proctest.WaitReady(b.t, b.url+"/-/ready", b.Done())
}

// get returns the status and body of GET path on the replica.
func (b *bridge) get(path string) (int, string) {
	b.t.Helper()
	hc := &http.Client{Timeout: 5 * time.Second}
	resp, err := hc.Get(b.url + path)
	require.NoError(b.t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(b.t, err)
	return resp.StatusCode, string(body)
}

// metric is the sum of the replica's samples of name whose labels include
// labels (name, value pairs); 0 when there is none.
func (b *bridge) metric(name string, labels ...string) float64 {
	b.t.Helper()
	_, body := b.get("/metrics")
	parser := expfmt.NewTextParser(model.UTF8Validation)
	families, err := parser.TextToMetricFamilies(strings.NewReader(body))
	require.NoError(b.t, err)
	var sum float64
next:
	for _, m := range families[name].GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i+1 < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		sum += m.GetCounter().GetValue() + m.GetGauge().GetValue()
	}
	return sum
}

// logged reports whether the replica's log has a line matching re.
func (b *bridge) logged(re string) bool {
	return regexp.MustCompile(re).MatchString(b.Out.String())
}

// requireNoSecret checks that no page, log or metric of the replicas
// shows the Redis password.
func (c *cluster) requireNoSecret() {
	c.t.Helper()
	for i, b := range c.replicas {
		require.NotContains(c.t, b.Out.String(), redisPassword, "replica %d's log", i)
		for _, path := range []string{"/", "/-/ready", "/metrics"} {
			_, body := b.get(path)
			require.NotContains(c.t, body, redisPassword, "replica %d's %s", i, path)
		}
	}
}

// describe lists the fake's requests, for failure messages.
func (c *cluster) describe() string {
	var b strings.Builder
	for _, r := range c.fake.Requests() {
		fmt.Fprintf(&b, "  %s %s %s priority=%s title=%q -> %d\n", r.Time.Format("15:04:05.000"), r.Method, r.Path,
			r.Params["priority"], r.Params["title"], r.Status)
	}
	return b.String()
}
