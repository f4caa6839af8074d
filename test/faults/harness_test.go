package faults

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// binaries builds the bridge and the fake once per test binary, with the
// script the Dockerfile uses.
var binaries proctest.Builder

func build(t *testing.T) (bridge, fake string) {
	t.Helper()
	if testing.Short() {
		t.Skip("fault tests run the real binaries; skipped in -short mode")
	}
	return binaries.Build(t, "alertmanager-pushover", ""),
		binaries.Build(t, "fakepushover", "./pushover/pushovertest/cmd/fakepushover")
}

// process is a child process whose output is kept for failures.
type process struct {
	cmd  *exec.Cmd
	out  *proctest.Buffer
	done chan struct{}
}

func start(t *testing.T, name string, args ...string) *process {
	t.Helper()
	p := &process{cmd: exec.Command(name, args...), out: &proctest.Buffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = p.out, p.out
	require.NoError(t, p.cmd.Start())
	go func() { _ = p.cmd.Wait(); close(p.done) }()
	t.Cleanup(func() {
		p.stop()
		if t.Failed() {
			out := p.out.String()
			if len(out) > 20000 {
				out = "…" + out[len(out)-20000:]
			}
			t.Logf("--- %s output ---\n%s", filepath.Base(name), out)
		}
	})
	return p
}

// kill sends SIGKILL and waits until the process is gone.
func (p *process) kill() {
	_ = p.cmd.Process.Kill()
	<-p.done
}

func (p *process) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	_ = p.cmd.Process.Signal(os.Interrupt)
	select {
	case <-p.done:
	case <-time.After(15 * time.Second):
		p.kill()
	}
}

// fake is a running fakepushover process.
type fake struct {
	*process
	url string // root URL
	ctl *pushovertest.Control
}

var listening = regexp.MustCompile(`listening on (http://\S+)`)

func startFake(t *testing.T, args ...string) *fake {
	t.Helper()
	_, bin := build(t)
	pr, pw := io.Pipe()
	p := &process{cmd: exec.Command(bin, append([]string{"--listen", "127.0.0.1:0"}, args...)...), out: &proctest.Buffer{}, done: make(chan struct{})}
	p.cmd.Stdout, p.cmd.Stderr = io.MultiWriter(p.out, pw), p.out
	require.NoError(t, p.cmd.Start())
	go func() { _ = p.cmd.Wait(); pw.Close(); close(p.done) }()
	t.Cleanup(p.stop)
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := listening.FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return &fake{process: p, url: u, ctl: &pushovertest.Control{BaseURL: u}}
	case <-time.After(20 * time.Second):
		t.Fatalf("fakepushover did not start: %s", p.out.String())
	}
	return nil
}

const bearer = "faults-bearer-token"

// bridgeConfig routes every alert to the demo user at normal priority and
// critical ones also at emergency; extra is appended to the receiver
// section.
func bridgeConfig(fakeURL, receiverExtra, pushoverExtra string) string {
	return fmt.Sprintf(`
pushover:
  token: %s
  api_url: %s/1/
%s
receiver:
  bearer_token: %s
%s
recipients:
  oncall: {user_key: %s}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall]
    priority: emergency
    retry: 1m
    expire: 1h
  - name: notify
    to: [oncall]
    priority: normal
`, pushovertest.DemoToken, fakeURL, indent(pushoverExtra), bearer, indent(receiverExtra), pushovertest.DemoUser)
}

func indent(s string) string {
	if s == "" {
		return ""
	}
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		lines[i] = "  " + l
	}
	return strings.Join(lines, "\n")
}

// bridge is a running bridge process.
type bridge struct {
	*process
	url, config, storage string
	args                 []string
}

func startBridge(t *testing.T, config, storage string) *bridge {
	t.Helper()
	bin, _ := build(t)
	dir := t.TempDir()
	if storage == "" {
		storage = filepath.Join(dir, "data")
	}
	cfg := filepath.Join(dir, "config.yml")
	require.NoError(t, os.WriteFile(cfg, []byte(config), 0o600))
	addr := proctest.FreeAddr(t)
	b := &bridge{url: "http://" + addr, config: cfg, storage: storage,
		args: []string{"--config.file=" + cfg, "--web.listen-address=" + addr, "--storage.path=" + storage, "--log.level=debug"}}
	b.process = start(t, bin, b.args...)
	waitReady(t, b.url, b.process)
	return b
}

// restart starts the bridge again with the same flags (same address and storage).
func (b *bridge) restart(t *testing.T) {
	t.Helper()
	bin, _ := build(t)
	b.process = start(t, bin, b.args...)
	waitReady(t, b.url, b.process)
}

func waitReady(t *testing.T, url string, p *process) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			t.Fatalf("process exited: %s", p.out.String())
		default:
		}
		resp, err := http.Get(url + "/-/ready")
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return
			}
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("%s never became ready: %s", url, p.out.String())
}

// requireLog waits for a line of the bridge's log to match re.
func (b *bridge) requireLog(t *testing.T, re string) {
	t.Helper()
	r := regexp.MustCompile(re)
	require.Eventually(t, func() bool { return r.MatchString(b.out.String()) }, 5*time.Second, 20*time.Millisecond,
		"no log line matches %s", re)
}

// metric returns the value of a metric line (name with labels, exactly as
// exposed) from the bridge's /metrics, or -1 when absent.
func (b *bridge) metric(t *testing.T, series string) float64 {
	t.Helper()
	resp, err := http.Get(b.url + "/metrics")
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	for _, line := range strings.Split(string(body), "\n") {
		if rest, ok := strings.CutPrefix(line, series+" "); ok {
			var v float64
			_, err := fmt.Sscan(rest, &v)
			require.NoError(t, err)
			return v
		}
	}
	return -1
}

// page is one webhook: an alert group of its own.
type page struct {
	id     string
	status string // firing or resolved
	sev    string
}

// body renders p as Alertmanager's version 4 webhook.
func (p page) body() []byte {
	startsAt := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	endsAt := time.Time{}
	if p.status == "resolved" {
		endsAt = startsAt.Add(time.Hour)
	}
	labels := map[string]string{"alertname": "Fault", "page": p.id, "severity": p.sev}
	b, _ := json.Marshal(map[string]any{
		"version": "4", "receiver": "pushover-bridge", "status": p.status, "externalURL": "http://am.example.com",
		"groupKey": `{}:{page="` + p.id + `"}`, "truncatedAlerts": 0,
		"alerts": []map[string]any{{
			"status": p.status, "labels": labels, "annotations": map[string]string{"summary": "fault test page " + p.id},
			"startsAt": startsAt, "endsAt": endsAt, "fingerprint": fmt.Sprintf("%x", p.id), "generatorURL": "",
		}},
		"groupLabels": map[string]string{"page": p.id}, "commonLabels": labels, "commonAnnotations": map[string]string{},
	})
	return b
}

// sender posts webhooks like Alertmanager's notifier: it retries 5xx and
// missing answers with exponential backoff from 500 ms (with jitter) until
// an answer below 500 or its deadline.
type sender struct {
	url     string
	hc      *http.Client
	backoff time.Duration // initial; doubled, at most maxWait
	maxWait time.Duration
}

func newSender(b *bridge) *sender {
	return &sender{url: b.url + "/alerts", hc: &http.Client{Timeout: 10 * time.Second},
		backoff: 500 * time.Millisecond, maxWait: 4 * time.Second}
}

// result is what became of one webhook.
type result struct {
	code     int // final status; 0 when never answered
	attempts int
	codes    []int // every answer, 0 for none
}

func (s *sender) post(ctx context.Context, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func (s *sender) send(ctx context.Context, body []byte) result {
	var r result
	wait := s.backoff
	for {
		r.attempts++
		r.code = s.post(ctx, body)
		r.codes = append(r.codes, r.code)
		if r.code != 0 && r.code < 500 {
			return r
		}
		jittered := time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
		select {
		case <-ctx.Done():
			return r
		case <-time.After(jittered):
		}
		wait = min(wait*2, s.maxWait)
	}
}

// sendAll sends every page concurrently and returns the results by page id.
func (s *sender) sendAll(ctx context.Context, pages []page) map[string]result {
	var mu sync.Mutex
	out := map[string]result{}
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.send(ctx, p.body())
			mu.Lock()
			out[p.id] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

var pageRE = regexp.MustCompile(`fault test page ([A-Za-z0-9-]+)`)

// delivered counts the fake's accepted messages per page id, for firing
// and resolved messages apart ("id" and "id/resolved").
func delivered(t *testing.T, f *fake) map[string]int {
	t.Helper()
	msgs, err := f.ctl.Messages(context.Background())
	require.NoError(t, err)
	out := map[string]int{}
	for _, m := range msgs {
		for _, id := range uniq(pageRE.FindAllStringSubmatch(m.Message, -1)) {
			if strings.Contains(m.Title, "RESOLVED") {
				id += "/resolved"
			}
			out[id]++
		}
	}
	return out
}

func uniq(ms [][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		id := m[1]
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// requireExactlyOnce: every page answered 200 in the end and reached the
// fake exactly once; the fake saw no duplicate and at most two requests at once.
func requireExactlyOnce(t *testing.T, f *fake, pages []page, results map[string]result) {
	t.Helper()
	// Deliveries may finish after the answer that gave up on them; wait
	// until the fake is quiet.
	var st pushovertest.Stats
	require.Eventually(t, func() bool {
		prev := st
		var err error
		st, err = f.ctl.Stats(context.Background())
		return err == nil && st.InFlight == 0 && st.Requests == prev.Requests
	}, 30*time.Second, time.Second)
	got := delivered(t, f)
	for _, p := range pages {
		key := p.id
		if p.status == "resolved" {
			key += "/resolved"
		}
		require.Equal(t, 200, results[p.id].code, "page %s: answers %v", p.id, results[p.id].codes)
		require.Equal(t, 1, got[key], "page %s delivered %d times (answers %v)", key, got[key], results[p.id].codes)
	}
	require.Zero(t, st.DuplicateMessages, "the fake saw identical messages")
	require.LessOrEqual(t, st.PeakConcurrentRequests, 2, "Pushover allows two concurrent connections")
}
