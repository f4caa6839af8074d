package e2e

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/expfmt"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// bridgeBearer is the token the bridge requires on /alerts.
const bridgeBearer = "e2e-bearer-token"

// await is how long a test waits for something Alertmanager and the bridge
// should do within a few group intervals (and a retry or two).
const await = 30 * time.Second

// stackOptions configure one test's fake Pushover, bridge and Alertmanager.
type stackOptions struct {
	// routes is the bridge configuration's routes section (YAML, starting
	// with "routes:"); recipients oncall (the demo user, device phone) and
	// team (the demo group) are defined.
	routes string
	// receiver adds lines (indented two spaces) to the bridge's receiver section.
	receiver string
	// amBearer is the bearer token Alertmanager sends; bridgeBearer by default.
	amBearer string
	// repeatInterval is Alertmanager's repeat_interval; 1h by default.
	repeatInterval string
	// maxAlerts is the webhook's max_alerts; 0 (all) by default.
	maxAlerts int
	// extra is appended to the bridge configuration; BRIDGE, ALERTMANAGER
	// and ACTION in it become the bridge's, Alertmanager's and the action
	// listener's host:port.
	extra string
	// recipients are more recipients (YAML lines indented two spaces).
	recipients string
	// files are written to the bridge configuration's directory, by name.
	files map[string]string
	// actionPage serves the action page on its own listener (ACTION).
	actionPage bool
	// fake are options of the fake Pushover besides the demo account.
	fake []pushovertest.Option
	// pushoverTimeout is the bridge's pushover.timeout: 5s when "", the
	// bridge's default when "default".
	pushoverTimeout string
	// amArgs are extra flags of the Alertmanager.
	amArgs []string
	// front, when set, wraps the fake's handler: the bridge talks to the
	// wrapper, which may answer some requests itself.
	front func(fake http.Handler) http.Handler
	// setup, when set, prepares the fake before the bridge starts.
	setup func(fake *pushovertest.Server)
}

// stack is one test's world: a fake Pushover (in process), the bridge
// binary and a real Alertmanager, each on its own free port.
type stack struct {
	t          *testing.T
	fake       *pushovertest.Server
	bridge     *process
	bridgeURL  string
	bridgeArgs []string
	dir        string
	amURL      string
	actionURL  string // the action listener, with actionPage
}

func newStack(t *testing.T, o stackOptions) *stack {
	t.Helper()
	proctest.AlertmanagerBinary(t) // skips before building anything
	s := &stack{t: t, dir: t.TempDir()}
	s.fake = pushovertest.New(t, append([]pushovertest.Option{pushovertest.WithDemoAccount()}, o.fake...)...)
	if o.setup != nil {
		o.setup(s.fake)
	}

	apiURL := s.fake.URL
	if o.front != nil {
		front := httptest.NewServer(o.front(s.fake.Handler()))
		t.Cleanup(front.Close)
		apiURL = front.URL + "/1/"
	}
	writeFile(t, s.dir, "bearer", bridgeBearer+"\n")
	for name, content := range o.files {
		writeFile(t, s.dir, name, content)
	}
	addrs := proctest.FreeAddrs(t, 3)
	addr, amAddr, actionAddr := addrs[0], addrs[1], addrs[2]
	o.extra = strings.NewReplacer("BRIDGE", addr, "ALERTMANAGER", amAddr, "ACTION", actionAddr).Replace(o.extra)
	cfg := writeFile(t, s.dir, "bridge.yml", bridgeConfig(apiURL, o))
	s.bridgeURL = "http://" + addr
	s.bridgeArgs = []string{
		"--config.file=" + cfg,
		"--web.listen-address=" + addr,
		"--storage.path=" + filepath.Join(s.dir, "data"),
		"--log.level=debug",
	}
	if o.actionPage {
		s.actionURL = "http://" + actionAddr
		s.bridgeArgs = append(s.bridgeArgs, "--web.action-listen-address="+actionAddr)
	}
	s.bridge = startProcess(t, bridgeBinary(t), s.bridgeArgs...)
	proctest.WaitReady(t, s.bridgeURL+"/-/ready", nil)

	if o.amBearer == "" {
		o.amBearer = bridgeBearer
	}
	s.amURL = startAlertmanagerAt(t, amAddr, amConfig(addr, o), o.amArgs...)
	return s
}

// bridgeConfig is the bridge's configuration for a test.
func bridgeConfig(fakeURL string, o stackOptions) string {
	timeout := "\n  timeout: 5s"
	switch o.pushoverTimeout {
	case "default":
		timeout = ""
	case "":
	default:
		timeout = "\n  timeout: " + o.pushoverTimeout
	}
	return fmt.Sprintf(`pushover:
  token: %s
  api_url: %s%s
receiver:
  bearer_token_file: bearer
%s
recipients:
  oncall:
    user_key: %s
    devices: [phone]
  team:
    user_key: %s
%s
defaults:
  format: html
  send_resolved: true
  resolved_priority: low
%s
%s
`, pushovertest.DemoToken, fakeURL, timeout, o.receiver, pushovertest.DemoUser, pushovertest.DemoGroup, o.recipients, o.routes, o.extra)
}

// amConfig is alertmanagerConfig with the test's bearer token, repeat
// interval and max_alerts.
func amConfig(bridgeAddr string, o stackOptions) string {
	cfg := alertmanagerConfig(bridgeAddr, o.amBearer)
	if o.repeatInterval != "" {
		cfg = strings.Replace(cfg, "repeat_interval: 1h", "repeat_interval: "+o.repeatInterval, 1)
	}
	if o.maxAlerts > 0 {
		cfg = strings.Replace(cfg, "send_resolved: true", fmt.Sprintf("send_resolved: true\n        max_alerts: %d", o.maxAlerts), 1)
	}
	return cfg
}

// restartBridge starts the bridge again (after kill or stop) with the same
// flags, or with --storage.path replaced when storage is not empty.
func (s *stack) restartBridge(storage string) {
	s.t.Helper()
	args := append([]string(nil), s.bridgeArgs...)
	if storage != "" {
		for i, a := range args {
			if strings.HasPrefix(a, "--storage.path=") {
				args[i] = "--storage.path=" + storage
			}
		}
	}
	s.bridge.Args = args
	s.bridge.start()
	proctest.WaitReady(s.t, s.bridgeURL+"/-/ready", nil)
}

// post sends alerts to Alertmanager's API v2.
func (s *stack) post(alerts ...amAlert) { s.t.Helper(); postAlerts(s.t, s.amURL, alerts...) }

// bridgeMetric is the sum of the bridge's samples of name whose labels
// include labels (name, value pairs).
func (s *stack) bridgeMetric(name string, labels ...string) float64 {
	return scrape(s.t, s.bridgeURL+"/metrics", name, labels...)
}

// amMetric is bridgeMetric for Alertmanager's metrics.
func (s *stack) amMetric(name string, labels ...string) float64 {
	return scrape(s.t, s.amURL+"/metrics", name, labels...)
}

// eventually awaits cond, naming what was awaited and showing the fake's
// recorded requests when it never came.
func (s *stack) eventually(cond func() bool, what string) {
	s.t.Helper()
	require.Eventually(s.t, cond, await, 50*time.Millisecond, "%s; the fake saw:\n%s", what, describe(s.fake.Requests()))
}

// messagesTo returns the accepted messages whose user parameter is user.
func (s *stack) messagesTo(user string) []pushovertest.Message {
	var out []pushovertest.Message
	for _, m := range s.fake.Messages() {
		if m.Params["user"] == user {
			out = append(out, m)
		}
	}
	return out
}

// requests returns the recorded requests of endpoint.
func (s *stack) requests(endpoint string) []pushovertest.Request {
	var out []pushovertest.Request
	for _, r := range s.fake.Requests() {
		if r.Endpoint == endpoint {
			out = append(out, r)
		}
	}
	return out
}

// tagRE is what an emergency's tag looks like: the deployment's prefix
// ("amp", or "amp" and 6 hex digits derived from its URLs), a dash, and
// 20 hex digits.
const tagRE = `^amp([0-9a-f]{6})?-[0-9a-f]{20}$`

// cancelsOf returns the successful cancels of page: by its receipt (what
// the ledger recorded) or by its tag (the fallback when the ledger knows
// nothing).
func (s *stack) cancelsOf(page pushovertest.Message) []pushovertest.Request {
	var out []pushovertest.Request
	for _, r := range s.fake.Requests() {
		byReceipt := r.Endpoint == "cancel" && strings.HasSuffix(r.Path, "/receipts/"+page.Receipt+"/cancel.json")
		byTag := r.Endpoint == "cancel_by_tag" && strings.HasSuffix(r.Path, "/cancel_by_tag/"+page.Params["tags"]+".json")
		if r.Status == http.StatusOK && (byReceipt || byTag) {
			out = append(out, r)
		}
	}
	return out
}

// cancels returns every cancel request, by receipt or tag.
func (s *stack) cancels() []pushovertest.Request {
	return append(s.requests("cancel"), s.requests("cancel_by_tag")...)
}

// receiptOf returns the receipt of an accepted emergency message.
func (s *stack) receiptOf(m pushovertest.Message) pushovertest.Receipt {
	s.t.Helper()
	require.NotEmpty(s.t, m.Receipt, "an emergency message has a receipt")
	rc, ok := s.fake.Receipt(m.Receipt)
	require.True(s.t, ok, "receipt %s", m.Receipt)
	return rc
}

// bridgeLogged reports whether the bridge's log has a line matching re.
func (s *stack) bridgeLogged(re string) bool {
	return regexp.MustCompile(re).MatchString(s.bridge.output())
}

// scrape fetches a Prometheus text exposition and sums the samples of name
// (counters, gauges, histogram counts) whose labels include labels; 0 when
// there is none.
func scrape(t *testing.T, url, name string, labels ...string) float64 {
	t.Helper()
	require.Zero(t, len(labels)%2, "labels are name, value pairs")
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "GET %s", url)
	p := expfmt.NewTextParser(model.UTF8Validation)
	families, err := p.TextToMetricFamilies(resp.Body)
	require.NoError(t, err, "parsing %s", url)
	mf, ok := families[name]
	if !ok {
		return 0
	}
	var sum float64
next:
	for _, m := range mf.GetMetric() {
		have := map[string]string{}
		for _, l := range m.GetLabel() {
			have[l.GetName()] = l.GetValue()
		}
		for i := 0; i < len(labels); i += 2 {
			if have[labels[i]] != labels[i+1] {
				continue next
			}
		}
		switch {
		case m.GetCounter() != nil:
			sum += m.GetCounter().GetValue()
		case m.GetGauge() != nil:
			sum += m.GetGauge().GetValue()
		case m.GetUntyped() != nil:
			sum += m.GetUntyped().GetValue()
		case m.GetHistogram() != nil: // the number of observations
			sum += float64(m.GetHistogram().GetSampleCount())
		}
	}
	return sum
}
