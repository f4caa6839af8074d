package main

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
	sloggokit "github.com/tjhop/slog-gokit"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

// DefaultShutdownTimeout bounds the graceful shutdown: in-flight webhooks
// and their deliveries get this long to finish.
const DefaultShutdownTimeout = 30 * time.Second

// Options configure the serve command.
type Options struct {
	ConfigFile      string
	StoragePath     string // the ledger's directory (used by the on-disk ledger)
	DryRun          bool
	Web             *web.FlagConfig
	ShutdownTimeout time.Duration // DefaultShutdownTimeout when zero
}

// App is the running bridge: configuration, metrics, the webhook handler
// and the HTTP server. Reload, status pages and the like extend it.
type App struct {
	opts     Options
	logger   log.Logger
	registry *prometheus.Registry
	metrics  *receiver.Metrics
	handler  *receiver.Handler
	config   *config.Config
	server   *http.Server
}

// NewApp loads the configuration and builds everything serving needs.
func NewApp(opts Options, logger log.Logger) (*App, error) {
	if opts.ShutdownTimeout == 0 {
		opts.ShutdownTimeout = DefaultShutdownTimeout
	}
	cfg, err := config.LoadFile(opts.ConfigFile)
	if err != nil {
		return nil, err
	}
	a := &App{opts: opts, logger: logger, registry: prometheus.NewRegistry(), config: cfg}
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.metrics = receiver.NewMetrics(a.registry)
	rt, err := buildRuntime(cfg, opts.DryRun, a.metrics, logger)
	if err != nil {
		return nil, err
	}
	a.handler = receiver.NewHandler(rt, receiver.Options{
		Ledger:  receiver.NewMemoryLedger(receiver.DefaultLedgerTTL, nil),
		Metrics: a.metrics,
		Logger:  logger,
	})
	a.server = &http.Server{Handler: a.Routes(), ReadHeaderTimeout: 10 * time.Second}
	return a, nil
}

// buildRuntime turns a loaded configuration into the handler's runtime:
// the Pushover client (or the dry-run sink), routes, templates, secrets.
func buildRuntime(cfg *config.Config, dryRun bool, m *receiver.Metrics, logger log.Logger) (*receiver.Runtime, error) {
	b := cfg.Built()
	rt := &receiver.Runtime{
		Config: cfg.Receiver, Token: b.ReceiverToken, Router: b.Router, Templates: b.Templates,
		DryRun: dryRun, Secrets: cfg.Secrets(),
	}
	if dryRun {
		rt.Sender = receiver.NewDryRun(logger)
		return rt, nil
	}
	var o pushover.Observer
	if m != nil {
		o = m
	}
	client, err := newClient(cfg, o)
	if err != nil {
		return nil, err
	}
	rt.Sender = receiver.PushoverSender{Client: client}
	return rt, nil
}

// newClient returns the Pushover client of cfg; o may be nil.
func newClient(cfg *config.Config, o pushover.Observer) (*pushover.Client, error) {
	opts := []pushover.Option{
		pushover.WithBaseURL(cfg.Pushover.APIURL),
		pushover.WithAttemptTimeout(time.Duration(cfg.Pushover.Timeout)),
		pushover.WithUserAgent(appName + "/" + version.Version),
	}
	if o != nil {
		opts = append(opts, pushover.WithObserver(o))
	}
	c, err := pushover.NewClient(cfg.Built().Token, opts...)
	if err != nil {
		return nil, fmt.Errorf("pushover: %w", err)
	}
	return c, nil
}

// Routes maps the bridge's whole HTTP surface.
func (a *App) Routes() http.Handler {
	mux := http.NewServeMux()
	mux.Handle("POST /alerts", a.handler)
	mux.Handle("GET /metrics", promhttp.HandlerFor(a.registry, promhttp.HandlerOpts{Registry: a.registry}))
	mux.HandleFunc("GET /-/healthy", plain("Healthy."))
	mux.HandleFunc("GET /-/ready", plain("Ready."))
	return mux
}

// plain answers 200 with text (GET and HEAD).
func plain(text string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		if r.Method != http.MethodHead {
			fmt.Fprintln(w, text)
		}
	}
}

// Run serves until ctx ends, then shuts down gracefully: it stops
// accepting, lets in-flight requests and their deliveries finish within
// the shutdown timeout, and returns.
func (a *App) Run(ctx context.Context) error {
	slogger := slog.New(sloggokit.NewGoKitHandler(log.With(a.logger, "component", "web"), nil))
	errc := make(chan error, 1)
	go func() { errc <- web.ListenAndServe(a.server, a.opts.Web, slogger) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	level.Info(a.logger).Log("msg", "shutting down", "timeout", a.opts.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.opts.ShutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if werr := a.handler.Wait(sctx); err == nil {
		err = werr
	}
	if lerr := <-errc; !errors.Is(lerr, http.ErrServerClosed) && err == nil {
		err = lerr
	}
	return err
}

// serve runs the serve command until ctx ends.
func serve(ctx context.Context, f *flags, logger log.Logger) int {
	opts := f.serve
	opts.ConfigFile = f.configFile
	level.Info(logger).Log("msg", "starting "+appName, "version", version.Info(), "build_context", version.BuildContext())
	app, err := NewApp(opts, logger)
	if err != nil {
		level.Error(logger).Log("msg", "could not load configuration", "file", opts.ConfigFile, "err", err)
		return 1
	}
	if opts.DryRun {
		level.Warn(logger).Log("msg", "dry run: messages are logged, not sent to Pushover")
	}
	if err := app.Run(ctx); err != nil {
		level.Error(logger).Log("msg", "server stopped", "err", err)
		return 1
	}
	return 0
}
