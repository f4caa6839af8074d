package main

import (
	"context"
	"errors"
	"fmt"
	stdlog "log"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/exporter-toolkit/web"
)

// newActionServer is the action page's own listener, or nil when the page
// is off or served on the main listener. Phones are slow clients on bad
// networks, but a form is small: the main listener's limits fit.
func (a *App) newActionServer() *http.Server {
	if a.actions == nil || a.opts.ActionListenAddress == "" {
		return nil
	}
	return &http.Server{Handler: a.actions.handler, ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout: 30 * time.Second, IdleTimeout: 2 * time.Minute,
		ErrorLog: stdlog.New(log.NewStdlibAdapter(level.Warn(log.With(a.logger, "component", "action"))), "", 0)}
}

// serveActions starts the action listener, with the TLS of
// --web.action-config.file and without --web.config.file's credentials.
// Its end arrives on the channel; nil when there is no such listener.
func (a *App) serveActions(slogger *slog.Logger) <-chan error {
	if a.actionServer == nil {
		return nil
	}
	addrs, systemd, file := []string{a.opts.ActionListenAddress}, false, a.opts.ActionWebConfigFile
	fc := &web.FlagConfig{WebListenAddresses: &addrs, WebSystemdSocket: &systemd, WebConfigFile: &file}
	errc := make(chan error, 1)
	go func() {
		if err := web.ListenAndServe(a.actionServer, fc, slogger); err != nil && !errors.Is(err, http.ErrServerClosed) {
			errc <- fmt.Errorf("action listener %s: %w", a.opts.ActionListenAddress, err)
			return
		}
		errc <- http.ErrServerClosed
	}()
	return errc
}

// stopActions shuts the action listener down: in-flight actions finish.
func (a *App) stopActions(ctx context.Context, errc <-chan error) error {
	if a.actionServer == nil {
		return nil
	}
	err := a.actionServer.Shutdown(ctx)
	if lerr := <-errc; !errors.Is(lerr, http.ErrServerClosed) && err == nil {
		err = lerr
	}
	return err
}

// checkActionFlags validates --web.action-config.file and says where the
// action page is served, or why it is not.
func checkActionFlags(logger log.Logger, opts Options, externalURL string) error {
	if opts.ActionWebConfigFile != "" {
		if err := web.Validate(opts.ActionWebConfigFile); err != nil {
			return fmt.Errorf("--web.action-config.file %s: %w", opts.ActionWebConfigFile, err)
		}
	}
	switch {
	case externalURL == "" && opts.ActionListenAddress != "":
		level.Warn(logger).Log("msg", "--web.action-listen-address is set but web.external_url is not: no action page is served")
	case externalURL != "" && opts.ActionListenAddress == "":
		level.Warn(logger).Log("msg", "the action page is served on --web.listen-address, behind --web.config.file: "+
			"phones reach it only without credentials there; see --web.action-listen-address", "external_url", externalURL)
	case externalURL != "":
		level.Info(logger).Log("msg", "the action page listens on its own address, without --web.config.file's credentials",
			"address", opts.ActionListenAddress, "external_url", externalURL)
	}
	return nil
}
