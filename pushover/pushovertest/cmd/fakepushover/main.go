// Command fakepushover serves the pushovertest fake Pushover API as a
// standalone process, for end-to-end tests and local demos. It prints
// "listening on http://HOST:PORT" on one line of stdout once it serves; the
// API is below /1/ and the control API (see pushovertest.Control) below
// /_fake/. SIGINT or SIGTERM stop it cleanly.
package main

import (
	"fmt"
	"io"
	"net"
	"net/http"
	_ "net/http/pprof"
	"os"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	listen  string
	latency time.Duration
	demo    bool
	quota   int
	pprof   string
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	var o options
	app := kingpin.New("fakepushover", "A fake Pushover API for tests.")
	app.UsageWriter(stderr)
	app.ErrorWriter(stderr)
	app.Flag("listen", "Address to listen on.").Default("127.0.0.1:8089").StringVar(&o.listen)
	app.Flag("latency", "Delay added to every API response.").Default("0s").DurationVar(&o.latency)
	app.Flag("demo", "Seed the demo app, user and group (--no-demo to skip).").Default("true").BoolVar(&o.demo)
	app.Flag("quota", "Monthly message limit of the account.").Default("10000").IntVar(&o.quota)
	app.Flag("pprof", "Serve Go's profiling endpoints (/debug/pprof/) on this address too; off when empty.").StringVar(&o.pprof)
	_, err := app.Parse(args)
	return &o, err
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "fakepushover:", err)
		return 2
	}
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		fmt.Fprintln(stderr, "fakepushover:", err)
		return 1
	}
	opts := []pushovertest.Option{pushovertest.WithRealClock(), pushovertest.WithLatency(o.latency), pushovertest.WithQuota(o.quota)}
	if o.demo {
		opts = append(opts, pushovertest.WithDemoAccount())
	}
	if o.pprof != "" {
		pl, err := net.Listen("tcp", o.pprof)
		if err != nil {
			fmt.Fprintln(stderr, "fakepushover:", err)
			return 1
		}
		defer pl.Close()
		go func() { _ = http.Serve(pl, nil) }() // http.DefaultServeMux: net/http/pprof's handlers
	}
	srv := pushovertest.NewUnstartedServer(opts...)
	_ = srv.Listener.Close()
	srv.Listener = l
	srv.Start()
	fakeserver.ServeUntilSignal(stdout, srv.RootURL(), srv.Close)
	return 0
}
