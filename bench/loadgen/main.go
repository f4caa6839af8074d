// Command loadgen drives a running alertmanager-pushover bridge the way
// Alertmanager does: it POSTs version 4 webhooks to /alerts, each for its
// own alert group (so that each is a real page, never deduplicated), and
// retries answers of 5xx or no answer with exponential backoff from 500 ms,
// as Alertmanager's notifier does. When it is done it asks the fake
// Pushover (pushovertest's control API) what arrived and reports
// throughput, latency, the bridge's peak memory, and whether every page
// was delivered exactly once.
//
//	loadgen -url http://127.0.0.1:9095/alerts -fake http://127.0.0.1:8089 -pid 1234 -rate 500 -duration 10s
//
// Modes: -rate R sends R webhooks per second for -duration (open loop:
// latency is measured from when a webhook was due, so a slow bridge cannot
// hide it); -rate 0 sends as fast as -concurrency workers allow;
// -storm N sends N webhooks at once. It exits 1 when -check is set and a
// target (-min-rate, -max-p99, -max-rss, -max-peak) is missed or a page
// was lost or doubled.
package main

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"os"
	"regexp"
	"runtime/pprof"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

type options struct {
	url, fake, token, run, name string
	pid                         int
	rate                        float64
	duration, timeout           time.Duration
	concurrency, storm, alerts  int
	giveUp, maxBackoff          time.Duration
	check                       bool
	minRate                     float64
	maxP99                      time.Duration
	maxRSSMiB                   float64
	maxPeak                     int
	settle                      time.Duration
	cpuProfile                  string
}

func parseFlags() options {
	var o options
	flag.StringVar(&o.url, "url", "http://127.0.0.1:9095/alerts", "the bridge's webhook URL")
	flag.StringVar(&o.fake, "fake", "http://127.0.0.1:8089", "the fake Pushover's root URL (for /_fake/ stats)")
	flag.StringVar(&o.token, "token", "", "bearer token for /alerts")
	flag.StringVar(&o.run, "run", strconv.FormatInt(time.Now().UnixNano()%1e9, 36), "a word that makes this run's group keys unique")
	flag.StringVar(&o.name, "name", "load", "scenario name for the report")
	flag.IntVar(&o.pid, "pid", 0, "the bridge's process id, for its peak RSS (VmHWM)")
	flag.Float64Var(&o.rate, "rate", 0, "webhooks per second; 0 for full speed")
	flag.DurationVar(&o.duration, "duration", 10*time.Second, "how long to send (rate and full-speed modes)")
	flag.DurationVar(&o.timeout, "timeout", 10*time.Second, "HTTP timeout of one webhook attempt")
	flag.IntVar(&o.concurrency, "concurrency", 8, "workers in full-speed mode")
	flag.IntVar(&o.storm, "storm", 0, "send this many webhooks at once instead")
	flag.IntVar(&o.alerts, "alerts", 1, "alerts per webhook")
	flag.DurationVar(&o.giveUp, "give-up", 5*time.Minute, "stop retrying a webhook after this long")
	flag.DurationVar(&o.maxBackoff, "max-backoff", 10*time.Second, "longest pause between retries")
	flag.BoolVar(&o.check, "check", false, "exit 1 when a target is missed")
	flag.Float64Var(&o.minRate, "min-rate", 0, "target: at least this many notifications per second")
	flag.DurationVar(&o.maxP99, "max-p99", 0, "target: p99 webhook latency below this")
	flag.Float64Var(&o.maxRSSMiB, "max-rss", 0, "target: bridge peak RSS below this many MiB")
	flag.IntVar(&o.maxPeak, "max-peak", 0, "target: the fake's peak concurrent requests at most this")
	flag.DurationVar(&o.settle, "settle", 30*time.Second, "how long to wait for late deliveries to reach the fake")
	flag.StringVar(&o.cpuProfile, "cpuprofile", "", "write the load generator's own CPU profile to this file")
	flag.Parse()
	return o
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "free-addr" {
		// For scripts: print a free local address to listen on.
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			os.Exit(1)
		}
		fmt.Println(l.Addr())
		l.Close()
		return
	}
	os.Exit(run(parseFlags()))
}

// outcome is what became of one webhook.
type outcome struct {
	first    time.Duration // latency of the first attempt
	total    time.Duration // from due to the final answer
	attempts int
	code     int // final HTTP status; 0 for no answer
	retried5 int // 5xx answers retried
	noAnswer int // attempts without an HTTP answer
}

type loadgen struct {
	o      options
	hc     *http.Client
	start  time.Time
	mu     sync.Mutex
	out    []outcome
	active atomic.Int64
}

func run(o options) int {
	tr := http.DefaultTransport.(*http.Transport).Clone()
	tr.MaxIdleConns, tr.MaxIdleConnsPerHost = 4096, 4096
	lg := &loadgen{o: o, hc: &http.Client{Transport: tr, Timeout: o.timeout}}
	ctl := &pushovertest.Control{BaseURL: o.fake}
	ctx := context.Background()
	before, err := ctl.Stats(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	if o.cpuProfile != "" {
		f, err := os.Create(o.cpuProfile)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
		defer f.Close()
		if err := pprof.StartCPUProfile(f); err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
		defer pprof.StopCPUProfile()
	}
	lg.start = time.Now()
	var sent int
	switch {
	case o.storm > 0:
		sent = lg.stormMode(ctx)
	case o.rate > 0:
		sent = lg.rateMode(ctx)
	default:
		sent = lg.fullSpeed(ctx)
	}
	return lg.report(ctx, ctl, before, sent, time.Since(lg.start))
}

func (lg *loadgen) stormMode(ctx context.Context) int {
	var wg sync.WaitGroup
	due := time.Now()
	for i := range lg.o.storm {
		wg.Add(1)
		go func() { defer wg.Done(); lg.page(ctx, i, due) }()
	}
	wg.Wait()
	return lg.o.storm
}

func (lg *loadgen) rateMode(ctx context.Context) int {
	var wg sync.WaitGroup
	interval := time.Duration(float64(time.Second) / lg.o.rate)
	n := int(lg.o.duration / interval)
	for i := range n {
		due := lg.start.Add(time.Duration(i) * interval)
		time.Sleep(time.Until(due))
		wg.Add(1)
		go func() { defer wg.Done(); lg.page(ctx, i, due) }()
	}
	wg.Wait()
	return n
}

func (lg *loadgen) fullSpeed(ctx context.Context) int {
	var next atomic.Int64
	var wg sync.WaitGroup
	end := lg.start.Add(lg.o.duration)
	for range lg.o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				lg.page(ctx, int(next.Add(1)-1), time.Now())
			}
		}()
	}
	wg.Wait()
	return int(next.Load())
}

// page sends webhook i until it is answered 2xx or 4xx, retrying 5xx and
// missing answers with exponential backoff from 500 ms.
func (lg *loadgen) page(ctx context.Context, i int, due time.Time) {
	lg.active.Add(1)
	defer lg.active.Add(-1)
	body := lg.body(i)
	var o outcome
	backoff := 500 * time.Millisecond
	for {
		o.attempts++
		t0 := time.Now()
		code := lg.post(ctx, body)
		if o.attempts == 1 {
			o.first = time.Since(t0)
		}
		o.code = code
		if code != 0 && code < 500 {
			break
		}
		if code == 0 {
			o.noAnswer++
		} else {
			o.retried5++
		}
		if time.Since(due) > lg.o.giveUp {
			break
		}
		// ±20% jitter, as Alertmanager's backoff randomizes its intervals.
		time.Sleep(time.Duration(float64(backoff) * (0.8 + 0.4*rand.Float64())))
		backoff = min(backoff*2, lg.o.maxBackoff)
	}
	o.total = time.Since(due)
	lg.mu.Lock()
	lg.out = append(lg.out, o)
	lg.mu.Unlock()
}

func (lg *loadgen) post(ctx context.Context, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lg.o.url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Alertmanager/0.34.2 (loadgen)")
	if lg.o.token != "" {
		req.Header.Set("Authorization", "Bearer "+lg.o.token)
	}
	resp, err := lg.hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

// pageID names page i of this run; it appears in the message Pushover gets.
func (lg *loadgen) pageID(i int) string { return fmt.Sprintf("lg-%s-%d", lg.o.run, i) }

var startsAt = time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)

// body is webhook i: its own group (group key, labels, fingerprints),
// firing. It is written by hand rather than with encoding/json, which took
// a seventh of the load generator's CPU; the identifiers it splices in
// need no escaping ([a-z0-9-]).
func (lg *loadgen) body(i int) []byte {
	id := lg.pageID(i)
	b := make([]byte, 0, 900+360*lg.o.alerts)
	b = append(b, `{"version":"4","receiver":"pushover-bridge","status":"firing","alerts":[`...)
	for a := range lg.o.alerts {
		if a > 0 {
			b = append(b, ',')
		}
		b = append(b, `{"status":"firing","labels":{"alertname":"LoadTest","group":"`...)
		b = append(b, id...)
		b = append(b, `","instance":"host-`...)
		b = strconv.AppendInt(b, int64(a), 10)
		b = append(b, `:9100","severity":"warning"},"annotations":{"summary":"load test page `...)
		b = append(b, id...)
		b = append(b, `"},"startsAt":"`...)
		b = startsAt.AppendFormat(b, time.RFC3339Nano)
		b = append(b, `","endsAt":"0001-01-01T00:00:00Z","generatorURL":"http://prometheus.example.com/graph","fingerprint":"`...)
		b = appendHex8(b, uint32(i))
		b = appendHex8(b, uint32(a))
		b = append(b, `"}`...)
	}
	b = append(b, `],"groupLabels":{"alertname":"LoadTest","group":"`...)
	b = append(b, id...)
	b = append(b, `"},"commonLabels":{"alertname":"LoadTest","group":"`...)
	b = append(b, id...)
	b = append(b, `","severity":"warning"},"commonAnnotations":{"summary":"load test page `...)
	b = append(b, id...)
	b = append(b, `"},"externalURL":"http://alertmanager.example.com","groupKey":"{}:{alertname=\"LoadTest\", group=\"`...)
	b = append(b, id...)
	b = append(b, `\"}","truncatedAlerts":0,"notification_reason":"first notification"}`...)
	return b
}

// appendHex8 appends v as 8 lower-case hex digits (fmt's %08x).
func appendHex8(b []byte, v uint32) []byte {
	const digits = "0123456789abcdef"
	for shift := 28; shift >= 0; shift -= 4 {
		b = append(b, digits[v>>uint(shift)&0xf])
	}
	return b
}

var idRE = regexp.MustCompile(`lg-[0-9a-z]+-[0-9]+`)

func (lg *loadgen) report(ctx context.Context, ctl *pushovertest.Control, before pushovertest.Stats, sent int, elapsed time.Duration) int {
	o := lg.o
	// Wait for deliveries that finish after their webhook was answered.
	var after pushovertest.Stats
	for deadline := time.Now().Add(o.settle); ; {
		st, err := ctl.Stats(ctx)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
		quiet := st.Requests == after.Requests && st.InFlight == 0
		after = st
		if st.Messages-before.Messages >= sent || quiet || time.Now().After(deadline) {
			break
		}
		time.Sleep(time.Second)
	}
	msgs, err := ctl.Messages(ctx)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	perPage := map[string]int{}
	prefix := "lg-" + o.run + "-"
	for _, m := range msgs {
		for _, id := range uniq(idRE.FindAllString(m.Title+"\n"+m.Message, -1)) {
			if strings.HasPrefix(id, prefix) {
				perPage[id]++
			}
		}
	}
	missing, doubled := 0, 0
	for i := range sent {
		switch n := perPage[lg.pageID(i)]; {
		case n == 0:
			missing++
		case n > 1:
			doubled++
		}
	}

	var firsts []time.Duration
	codes := map[int]int{}
	attempts, retried5, noAnswer, gaveUp := 0, 0, 0, 0
	var totals []time.Duration
	for _, x := range lg.out {
		firsts = append(firsts, x.first)
		totals = append(totals, x.total)
		codes[x.code]++
		attempts += x.attempts
		retried5 += x.retried5
		noAnswer += x.noAnswer
		if x.code == 0 || x.code >= 500 {
			gaveUp++
		}
	}
	ok := codes[200]
	rate := float64(ok) / elapsed.Seconds()
	hwm, rss := procMem(o.pid)

	fmt.Printf("scenario %s\n", o.name)
	fmt.Printf("  webhooks          %d sent, %d attempts, answers %s\n", sent, attempts, fmtCodes(codes))
	fmt.Printf("  retried           %d after 5xx, %d after no answer, %d given up\n", retried5, noAnswer, gaveUp)
	fmt.Printf("  throughput        %.0f notifications/s (%d delivered in %.2fs)\n", rate, ok, elapsed.Seconds())
	fmt.Printf("  first attempt     p50 %s  p99 %s  max %s\n", pct(firsts, 50), pct(firsts, 99), pct(firsts, 100))
	fmt.Printf("  until delivered   p50 %s  p99 %s  max %s\n", pct(totals, 50), pct(totals, 99), pct(totals, 100))
	fmt.Printf("  bridge memory     peak RSS (VmHWM) %.1f MiB, RSS now %.1f MiB\n", hwm, rss)
	fmt.Printf("  pushover          %d requests, %d messages accepted, %d duplicates (fake), peak concurrency %d, %d connections opened\n",
		after.Requests-before.Requests, after.Messages-before.Messages, after.DuplicateMessages-before.DuplicateMessages,
		after.PeakConcurrentRequests, after.ConnectionsOpened-before.ConnectionsOpened)
	fmt.Printf("  pages             %d distinct delivered, %d missing, %d doubled\n", len(perPage), missing, doubled)

	var misses []string
	if missing > 0 || doubled > 0 || gaveUp > 0 {
		misses = append(misses, fmt.Sprintf("exactly once: %d missing, %d doubled, %d unanswered", missing, doubled, gaveUp))
	}
	if o.minRate > 0 && rate < o.minRate {
		misses = append(misses, fmt.Sprintf("throughput %.0f/s < %.0f/s", rate, o.minRate))
	}
	if p := pct(firsts, 99); o.maxP99 > 0 && p >= o.maxP99 {
		misses = append(misses, fmt.Sprintf("p99 %s >= %s", p, o.maxP99))
	}
	if o.maxRSSMiB > 0 && hwm >= o.maxRSSMiB {
		misses = append(misses, fmt.Sprintf("peak RSS %.1f MiB >= %.0f MiB", hwm, o.maxRSSMiB))
	}
	if o.maxPeak > 0 && after.PeakConcurrentRequests > o.maxPeak {
		misses = append(misses, fmt.Sprintf("peak concurrency %d > %d", after.PeakConcurrentRequests, o.maxPeak))
	}
	if len(misses) == 0 {
		fmt.Println("  result            PASS")
		return 0
	}
	fmt.Println("  result            MISS: " + strings.Join(misses, "; "))
	if o.check {
		return 1
	}
	return 0
}

func uniq(ss []string) []string {
	seen := map[string]bool{}
	out := ss[:0]
	for _, s := range ss {
		if !seen[s] {
			seen[s] = true
			out = append(out, s)
		}
	}
	return out
}

func fmtCodes(codes map[int]int) string {
	keys := make([]int, 0, len(codes))
	for k := range codes {
		keys = append(keys, k)
	}
	sort.Ints(keys)
	var parts []string
	for _, k := range keys {
		name := strconv.Itoa(k)
		if k == 0 {
			name = "none"
		}
		parts = append(parts, fmt.Sprintf("%s×%d", name, codes[k]))
	}
	return strings.Join(parts, " ")
}

// pct is the p-th percentile of ds (100: the maximum).
func pct(ds []time.Duration, p int) time.Duration {
	if len(ds) == 0 {
		return 0
	}
	s := append([]time.Duration(nil), ds...)
	sort.Slice(s, func(i, j int) bool { return s[i] < s[j] })
	i := (len(s)*p + 99) / 100
	i = min(max(i-1, 0), len(s)-1)
	return s[i].Round(10 * time.Microsecond)
}

// procMem reads VmHWM and VmRSS of pid from /proc, in MiB.
func procMem(pid int) (hwm, rss float64) {
	if pid == 0 {
		return 0, 0
	}
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return 0, 0
	}
	for _, line := range strings.Split(string(b), "\n") {
		f := strings.Fields(line)
		if len(f) < 2 {
			continue
		}
		kb, err := strconv.ParseFloat(f[1], 64)
		if err != nil {
			continue
		}
		switch f[0] {
		case "VmHWM:":
			hwm = kb / 1024
		case "VmRSS:":
			rss = kb / 1024
		}
	}
	return hwm, rss
}
