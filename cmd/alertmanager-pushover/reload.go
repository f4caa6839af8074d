package main

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"reflect"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// reloadState is when the configuration in use was loaded, and why the
// last reload failed ("" when it did not).
type reloadState struct {
	loadedAt time.Time
	err      string
}

// loaded makes cfg the configuration in use for the status page and the
// reload metrics (the config hash is of the text that was parsed).
func (a *App) loaded(cfg *config.Config) {
	now := time.Now()
	a.config.Store(cfg)
	a.metrics.reload.ConfigLoaded(cfg.Original(), now)
	zeroCounters(a.metrics, cfg)
	a.lastReload.Store(&reloadState{loadedAt: now})
}

// Reload reads the configuration file again. Everything that can fail
// (parsing, validation, routes, templates, secret files, the Pushover
// client) is built first; only then is the new configuration swapped in,
// atomically: a request in flight finishes with the configuration it
// started with. On failure the previous configuration keeps serving, the
// error is logged and returned, and
// alertmanager_pushover_config_last_reload_successful is 0.
func (a *App) Reload() error {
	a.reloadMu.Lock()
	defer a.reloadMu.Unlock()
	logger := log.With(a.logger, "component", "reload")
	cfg, err := config.LoadFile(a.opts.ConfigFile)
	var client *pushover.Client
	var charter pipeline.Charter
	if err == nil {
		client, err = a.clientFor(cfg)
	}
	if err == nil {
		charter, err = newCharter(cfg, a.metrics.graph)
	}
	if err != nil {
		a.metrics.reload.ConfigReloadFailed()
		a.lastReload.Store(&reloadState{loadedAt: a.lastReload.Load().loadedAt, err: err.Error()})
		level.Error(logger).Log("msg", "could not reload the configuration, keeping the previous one",
			"file", a.opts.ConfigFile, "err", err)
		return err
	}
	a.actions.warnOnReload(a.logger, cfg)
	a.warnLedgerOnReload(cfg)
	rt := buildRuntime(cfg, a.opts.DryRun, client, a.metrics.groupme, a.logger, a.actions.pages())
	rt.Pipeline.Charter = charter
	a.handler.SetRuntime(rt)
	a.chartSource.Store(newChartSource(charter, cfg.Routing.Defaults.Graph.Effective()))
	a.client = client
	a.loaded(cfg)
	a.restartSyncers(cfg)
	level.Info(logger).Log("msg", "configuration reloaded", "file", a.opts.ConfigFile,
		"routes", len(cfg.Built().Router.Routes))
	return nil
}

// clientFor returns the Pushover client for cfg: nil in dry run, a copy of
// the current client with cfg's token while api_url stays the same (so
// every configuration shares one limiter of Pushover's two connections and
// its post-failure pause), else a new client. Call it with reloadMu held
// (or before serving).
func (a *App) clientFor(cfg *config.Config) (*pushover.Client, error) {
	if a.opts.DryRun {
		return nil, nil
	}
	if a.client != nil {
		if cur := a.config.Load(); cur != nil && cur.Pushover.APIURL == cfg.Pushover.APIURL {
			if cur.Pushover.Timeout != cfg.Pushover.Timeout {
				level.Warn(a.logger).Log("msg", "a changed pushover.timeout applies after a restart",
					"component", "reload", "timeout", cur.Pushover.Timeout)
			}
			c, err := a.client.WithToken(cfg.Built().Token)
			if err != nil {
				return nil, fmt.Errorf("pushover: %w", err)
			}
			return c.WithDigest(cfg.Pushover.Digest), nil
		}
	}
	return newClient(cfg, a.metrics.pushover)
}

// ReloadOn reloads whenever a signal (SIGHUP) arrives on sig, until ctx ends.
func (a *App) ReloadOn(ctx context.Context, sig <-chan os.Signal) {
	for {
		select {
		case <-ctx.Done():
			return
		case <-sig:
			level.Info(log.With(a.logger, "component", "reload")).Log("msg", "reloading the configuration", "trigger", "signal")
			_ = a.Reload()
		}
	}
}

// serveReload is POST /-/reload: 200 once the new configuration serves,
// 500 with the error (the previous configuration keeps serving).
func (a *App) serveReload(w http.ResponseWriter, _ *http.Request) {
	level.Info(log.With(a.logger, "component", "reload")).Log("msg", "reloading the configuration", "trigger", "http")
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	if err := a.Reload(); err != nil {
		w.WriteHeader(http.StatusInternalServerError)
		fmt.Fprintf(w, "failed to reload config: %v\n", err)
		return
	}
	fmt.Fprintln(w, "Reloaded.")
}

// serveReady is GET|HEAD /-/ready: ready once a configuration is loaded,
// until shutdown begins. The ledger's durability is reported but does not
// make the bridge unready: without the ledger pages still go out, and an
// unready single replica would drop them all.
func (a *App) serveReady(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	code, text := http.StatusOK, "Ready."
	switch {
	case a.stopping.Load():
		code, text = http.StatusServiceUnavailable, "Not ready: shutting down."
	case a.config.Load() == nil:
		code, text = http.StatusServiceUnavailable, "Not ready: no configuration loaded."
	case a.ledger.Health(r.Context()) != nil:
		text = "Ready. Ledger degraded: " + a.ledger.Health(r.Context()).Error()
	}
	w.WriteHeader(code)
	if r.Method != http.MethodHead {
		fmt.Fprintln(w, text)
	}
}

// warnLedgerOnReload says that a changed ledger section (the Redis server,
// its key prefix, the retention) applies after a restart: the ledger is
// opened once, and what it holds must not switch stores under a running
// pipeline.
func (a *App) warnLedgerOnReload(cfg *config.Config) {
	if cur := a.config.Load(); cur != nil && !reflect.DeepEqual(cur.Ledger, cfg.Ledger) {
		level.Warn(a.logger).Log("msg", "a changed ledger section applies after a restart", "component", "reload")
	}
}
