package main

import (
	"context"
	"errors"
	"fmt"
	stdlog "log"
	"log/slog"
	"net/http"
	"net/http/pprof"
	"os"
	"os/signal"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
	"github.com/prometheus/common/version"
	"github.com/prometheus/exporter-toolkit/web"
	sloggokit "github.com/tjhop/slog-gokit"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

// DefaultShutdownTimeout bounds the graceful shutdown: in-flight webhooks
// and their deliveries get this long to finish.
const DefaultShutdownTimeout = 30 * time.Second

// Options configure the serve command.
type Options struct {
	ConfigFile     string
	StoragePath    string // the ledger's directory (used by the on-disk ledger)
	DryRun         bool
	RequireDurable bool // refuse to start with the ledger in memory
	EnablePprof    bool // serve net/http/pprof under /debug/pprof/
	// ActionListenAddress serves the action page (/action/) on its own
	// listener, without the credentials of Web's config file, so that a
	// phone reaches it with its link alone. "": the page is served on the
	// main listener, behind Web's config file.
	ActionListenAddress string
	// ActionWebConfigFile is an exporter-toolkit web configuration for the
	// action listener (its TLS; basic_auth_users would lock phones out).
	ActionWebConfigFile string
	Web                 *web.FlagConfig
	ShutdownTimeout     time.Duration // DefaultShutdownTimeout when zero
	// Slog is the logger for exporter-toolkit (see newSlogger); one
	// adapted from the App's logger when nil.
	Slog *slog.Logger
}

// App is the running bridge: configuration, metrics, the ledger, the
// webhook handler and the HTTP server.
type App struct {
	opts     Options
	logger   log.Logger
	registry *prometheus.Registry
	metrics  *metrics
	handler  *receiver.Handler
	pipeline *pipeline.Pipeline
	tracker  *emergency.Tracker
	ledger   appLedger
	recent   *pipeline.Recent
	// escalation fires escalation levels (runEscalation); syncers keep the
	// schedules' delivery groups (restartSyncers).
	escalation *escalation.Engine
	syncers    syncers
	// actions is the action page; nil without web.external_url.
	actions      *actionPage
	actionServer *http.Server           // nil: the page is on the main listener, or off
	charts       *pipeline.RecentCharts // the last charts, for the status page
	// life is the application's lifetime (silences being created end with
	// it); stop ends it once shutdown has waited for them.
	life    context.Context
	stop    context.CancelFunc
	server  *http.Server
	started time.Time

	config      atomic.Pointer[config.Config] // the configuration in use
	chartSource atomic.Pointer[chartSource]   // its charts, for the action page
	lastReload  atomic.Pointer[reloadState]   // for the status page
	stopping    atomic.Bool                   // set once shutdown began: not ready

	reloadMu sync.Mutex       // one reload at a time; guards client
	client   *pushover.Client // shared by every configuration with its api_url; nil in dry run
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
	opts.DryRun = demoDryRun(cfg, opts.DryRun, logger)
	a := &App{opts: opts, logger: logger, registry: prometheus.NewRegistry(), started: time.Now(),
		recent: pipeline.NewRecent(pipeline.DefaultRecent), charts: pipeline.NewRecentCharts(pipeline.DefaultCharts)}
	a.life, a.stop = context.WithCancel(context.Background())
	a.registry.MustRegister(collectors.NewGoCollector(), collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}))
	a.metrics = newMetrics(a.registry)
	if a.client, err = a.clientFor(cfg); err != nil {
		return nil, err
	}
	if a.ledger, err = openLedger(opts.StoragePath, cfg.Ledger, a.metrics.ledger, logger); err != nil {
		return nil, err
	}
	if err := requireDurable(opts.RequireDurable, a.ledger); err != nil {
		return nil, errors.Join(err, a.ledger.Close())
	}
	if shared, ok := a.ledger.(sharedLedger); ok {
		a.recent.Share(shared.Ledger) // every replica's status page lists every replica's deliveries
	}
	if a.actions, err = a.newActionPage(cfg); err != nil {
		return nil, errors.Join(err, a.ledger.Close())
	}
	charter, err := newCharter(cfg, a.metrics.graph)
	if err != nil {
		return nil, errors.Join(err, a.ledger.Close())
	}
	rt := buildRuntime(cfg, opts.DryRun, a.client, a.metrics.groupme, logger, a.actions.pages())
	rt.Pipeline.Charter = charter
	a.chartSource.Store(newChartSource(charter, cfg.Routing.Defaults.Graph.Effective()))
	a.wire(rt)
	a.loaded(cfg)
	// Slow clients are cut off: headers within 10 s, the whole request
	// (Alertmanager sends it at once) within 30 s; idle keep-alive
	// connections are closed after 2 min.
	a.server = &http.Server{Handler: a.Routes(), ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
		// net/http's own complaints (TLS handshakes, bad requests) go to our log.
		ErrorLog: stdlog.New(log.NewStdlibAdapter(level.Warn(log.With(logger, "component", "web"))), "", 0)}
	a.actionServer = a.newActionServer()
	return a, nil
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
	mux.HandleFunc("GET /-/ready", a.serveReady)
	mux.HandleFunc("POST /-/reload", a.serveReload)
	mux.Handle("POST "+emergency.CallbackPath+"{secret}", a.handler.CallbackHandler())
	mux.HandleFunc("GET /{$}", a.serveStatus)
	mux.HandleFunc("GET /charts/{file}", a.serveChart)
	if a.actions != nil && a.opts.ActionListenAddress == "" {
		mux.Handle(action.Path, a.actions.handler)
	}
	if a.opts.EnablePprof {
		mux.HandleFunc("/debug/pprof/", pprof.Index)
		mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
		mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
		mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
		mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	}
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
	slogger := a.opts.Slog
	if slogger == nil {
		slogger = slog.New(sloggokit.NewGoKitHandler(log.With(a.logger, "component", "web"), nil))
	}
	errc := make(chan error, 1)
	go func() { errc <- web.ListenAndServe(a.server, a.opts.Web, slogger) }()
	actionErrc := a.serveActions(slogger)
	background := a.startBackground(ctx)
	select {
	case err := <-errc:
		return err
	case err := <-actionErrc: // nil channel: never
		return err
	case <-ctx.Done():
	}
	a.stopping.Store(true)
	level.Info(a.logger).Log("msg", "shutting down: finishing in-flight deliveries", "timeout", a.opts.ShutdownTimeout)
	sctx, cancel := context.WithTimeout(context.Background(), a.opts.ShutdownTimeout)
	defer cancel()
	err := a.server.Shutdown(sctx)
	if lerr := <-errc; !errors.Is(lerr, http.ErrServerClosed) && err == nil {
		err = lerr
	}
	if aerr := a.stopActions(sctx, actionErrc); err == nil {
		err = aerr
	}
	// The poller, the escalation engine, the syncers and the action sweeper
	// stop first (ctx ended): they can start no acknowledgement, silence or
	// page once the waits below began.
	background.Wait()
	if werr := a.pipeline.Wait(sctx); err == nil {
		err = werr
	}
	if werr := a.tracker.Wait(sctx); err == nil {
		err = werr
	}
	a.stop()
	// Deliveries still running past the timeout may yet write to the
	// ledger; those writes fail with ErrClosed and stay in memory.
	if cerr := a.ledger.Close(); cerr != nil && err == nil {
		err = cerr
	}
	if err == nil {
		level.Info(a.logger).Log("msg", "stopped")
	}
	return err
}

// startBackground runs, until ctx ends, the receipt poller (learns
// acknowledgements), the escalation engine (fires due levels; both under
// the ledger's lease), the schedules' syncers (restarted on reload), the
// ledger's janitor (prunes expired records) and, with the action page's
// silences, the sweeper of until-resolved silences.
func (a *App) startBackground(ctx context.Context) *sync.WaitGroup {
	var wg sync.WaitGroup
	wg.Go(func() { a.tracker.RunPoller(ctx) })
	wg.Go(func() { a.runEscalation(ctx) })
	wg.Go(func() { a.ledger.RunJanitor(ctx, 0) })
	a.startSyncers(ctx)
	wg.Go(func() {
		<-ctx.Done()
		a.waitSyncers()
	})
	if a.actions != nil && a.actions.silences {
		wg.Go(func() { a.actions.svc.RunSweeper(ctx, sweepInterval) })
	}
	return &wg
}

// serve runs the serve command until ctx ends.
func serve(ctx context.Context, f *flags, logger log.Logger) int {
	opts := f.serve
	opts.ConfigFile = f.configFile
	level.Info(logger).Log("msg", "starting "+appName, "version", version.Info(), "build_context", version.BuildContext())
	if err := checkWebConfig(opts.Web); err != nil {
		level.Error(logger).Log("msg", "invalid web configuration", "err", err)
		return 1
	}
	app, err := NewApp(opts, logger)
	if err != nil {
		level.Error(logger).Log("msg", "could not load configuration", "file", opts.ConfigFile, "err", err)
		return 1
	}
	if app.opts.DryRun {
		level.Warn(logger).Log("msg", "dry run: messages are logged, not sent to Pushover")
	}
	warnIfExposed(logger, opts.Web, app.config.Load().Built().ReceiverToken)
	if err := checkActionFlags(logger, opts, app.config.Load().Web.ExternalURL); err != nil {
		level.Error(logger).Log("msg", "invalid web configuration", "err", err)
		return 1
	}
	level.Info(logger).Log("msg", "configuration loaded", "file", opts.ConfigFile,
		"routes", len(app.config.Load().Built().Router.Routes), "storage_path", opts.StoragePath)
	hup := make(chan os.Signal, 1)
	signal.Notify(hup, syscall.SIGHUP)
	defer signal.Stop(hup)
	go app.ReloadOn(ctx, hup)
	if err := app.Run(ctx); err != nil {
		level.Error(logger).Log("msg", "server stopped", "err", err)
		return 1
	}
	return 0
}
