// Command fakegroupme serves the groupmetest fake GroupMe (Bot API and
// image service) as a standalone process, for end-to-end tests and local
// demos. It prints "listening on http://HOST:PORT" on one line of stdout
// once it serves; the Bot API is below /v3/, the image service below
// /image/, pictures below /i/, and the control API (see
// groupmetest.Control) below /_fake/. SIGINT or SIGTERM stop it cleanly.
package main

import (
	"fmt"
	"io"
	"net"
	"os"
	"strings"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

func main() { os.Exit(run(os.Args[1:], os.Stdout, os.Stderr)) }

type options struct {
	listen     string
	latency    time.Duration
	demo       bool
	bots       []string // id or id:group
	tokens     []string
	rateLimit  int
	rateWindow time.Duration
}

func parseFlags(args []string, stderr io.Writer) (*options, error) {
	var o options
	app := kingpin.New("fakegroupme", "A fake GroupMe Bot API and image service for tests.")
	app.UsageWriter(stderr)
	app.ErrorWriter(stderr)
	app.Flag("listen", "Address to listen on.").Default("127.0.0.1:8090").StringVar(&o.listen)
	app.Flag("latency", "Delay added to every API answer.").Default("0s").DurationVar(&o.latency)
	app.Flag("demo", "Seed the demo bot and access token (--no-demo to skip).").Default("true").BoolVar(&o.demo)
	app.Flag("bot", "A bot id to accept, optionally with its group (ID or ID:GROUP); repeatable.").StringsVar(&o.bots)
	app.Flag("access-token", "An access token the image service accepts; repeatable.").StringsVar(&o.tokens)
	app.Flag("rate-limit", "Posts each bot may make per --rate-window before 420; 0 for no limit.").Default("0").IntVar(&o.rateLimit)
	app.Flag("rate-window", "The window of --rate-limit.").Default("1m").DurationVar(&o.rateWindow)
	_, err := app.Parse(args)
	return &o, err
}

func run(args []string, stdout, stderr io.Writer) int {
	o, err := parseFlags(args, stderr)
	if err != nil {
		fmt.Fprintln(stderr, "fakegroupme:", err)
		return 2
	}
	l, err := net.Listen("tcp", o.listen)
	if err != nil {
		fmt.Fprintln(stderr, "fakegroupme:", err)
		return 1
	}
	opts := []groupmetest.Option{groupmetest.WithLatency(o.latency)}
	if o.demo {
		opts = append(opts, groupmetest.WithDemo())
	}
	if o.rateLimit > 0 {
		opts = append(opts, groupmetest.WithRateLimit(o.rateLimit, o.rateWindow))
	}
	srv := groupmetest.NewUnstartedServer(opts...)
	_ = srv.Listener.Close()
	srv.Listener = l
	for _, b := range o.bots {
		id, group, _ := strings.Cut(b, ":")
		srv.AddBot(id, group)
	}
	for _, t := range o.tokens {
		srv.AddAccessToken(t)
	}
	srv.Start()
	fakeserver.ServeUntilSignal(stdout, srv.RootURL(), srv.Close)
	return 0
}
