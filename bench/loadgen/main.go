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
// -storm N sends N webhooks at once (-emergency-behind D sends one
// emergency D after them and reports when the fake accepted it). It exits
// 1 when -check is set and a target (-min-rate, -max-p99, -max-rss,
// -max-peak) is missed or a page was lost or doubled.
//
// A webhook has -alerts alerts of -severity, or is -payload (a captured
// webhook) made unique: every webhook gets its own group key, group label
// and fingerprints. With -pid it reports the bridge's CPU time (utime +
// stime from /proc) per webhook and per outbound message; with -sink
// (bench/sink) it counts the posts of a chat bridge instead of asking the
// fake Pushover. Its last line, "result k=v ...", is for scripts.
package main

import (
	"context"
	"flag"
	"fmt"
	"net"
	"net/http"
	"os"
	"runtime/pprof"
	"strconv"
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
	count                       int
	severity, payload, sink     string
	verify                      bool
	emergencyBehind             time.Duration
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
	flag.StringVar(&o.severity, "severity", "warning", "the severity label of every alert")
	flag.StringVar(&o.payload, "payload", "", "send this captured webhook (JSON file), made unique per webhook, instead")
	flag.IntVar(&o.count, "count", 0, "full-speed mode: send this many webhooks, then stop (0: for -duration)")
	flag.StringVar(&o.sink, "sink", "", "count posts at this bench/sink URL instead of messages at the fake")
	flag.BoolVar(&o.verify, "verify", true, "check at the fake that every page arrived exactly once")
	flag.DurationVar(&o.emergencyBehind, "emergency-behind", 0, "storm mode: send one critical webhook this long after the storm")
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
	tmpl   []byte // the -payload template; nil for synthetic webhooks
	emerg  emergencyProbe
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
	if !validSeverity(o.severity) {
		fmt.Fprintf(os.Stderr, "loadgen: -severity %q: only letters, digits, '-' and '_'\n", o.severity)
		return 2
	}
	if o.payload != "" {
		t, err := loadTemplate(o.payload)
		if err != nil {
			fmt.Fprintln(os.Stderr, "loadgen:", err)
			return 2
		}
		lg.tmpl = t
	}
	ctl := &pushovertest.Control{BaseURL: o.fake}
	ctx := context.Background()
	before, err := lg.stats(ctx, ctl)
	if err != nil {
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		return 2
	}
	cpu0 := procCPU(o.pid)
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
	return lg.report(ctx, ctl, before, cpu0, sent, time.Since(lg.start))
}

func (lg *loadgen) stormMode(ctx context.Context) int {
	var wg sync.WaitGroup
	due := time.Now()
	for i := range lg.o.storm {
		wg.Add(1)
		go func() { defer wg.Done(); lg.page(ctx, lg.body(i), due) }()
	}
	if lg.o.emergencyBehind > 0 {
		wg.Add(1)
		go func() { defer wg.Done(); lg.sendEmergency(ctx, due.Add(lg.o.emergencyBehind)) }()
		wg.Wait()
		return lg.o.storm + 1
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
		go func() { defer wg.Done(); lg.page(ctx, lg.body(i), due) }()
	}
	wg.Wait()
	return n
}

func (lg *loadgen) fullSpeed(ctx context.Context) int {
	var next atomic.Int64
	var wg sync.WaitGroup
	end := lg.start.Add(lg.o.duration)
	if lg.o.count > 0 {
		end = lg.start.Add(24 * time.Hour)
	}
	for range lg.o.concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for time.Now().Before(end) {
				i := int(next.Add(1) - 1)
				if lg.o.count > 0 && i >= lg.o.count {
					return
				}
				lg.page(ctx, lg.body(i), time.Now())
			}
		}()
	}
	wg.Wait()
	if lg.o.count > 0 {
		return min(int(next.Load()), lg.o.count)
	}
	return int(next.Load())
}
