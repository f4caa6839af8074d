package main

import (
	"crypto/sha256"
	"fmt"
	"net/http"
	"strings"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// Action page defaults.
const (
	// actionEvents is how many actions the status page lists.
	actionEvents = 50
	// sweepInterval is how often until-resolved silences are checked.
	sweepInterval = time.Minute
)

// actionPage is the running action page (issue 16): built once at start
// from the web and alertmanager sections; a reload that changes them
// applies after a restart (and says so).
type actionPage struct {
	svc     *action.Service
	handler http.Handler
	groups  *actionGroups
	links   *actionLinks
	events  *action.EventLog
	// silences: alertmanager.url is set, the page shows its silence buttons.
	silences bool
	// built is what it was built from, to tell a reload that changes it.
	built string
}

// newActionPage builds the action page of cfg, or nil without
// web.external_url. The tracker is set by wire.
func (a *App) newActionPage(cfg *config.Config) (*actionPage, error) {
	if cfg.Web.ExternalURL == "" {
		return nil, nil
	}
	groups := &actionGroups{store: a.ledger, ledger: a.ledger, now: time.Now, charts: a.chartSource.Load}
	p := &actionPage{groups: groups, events: action.NewEventLog(actionEvents), built: actionFingerprint(cfg)}
	o := action.Options{ExternalURL: cfg.Web.ExternalURL, Secret: cfg.Built().LinkSecret,
		// A link made for another deployment (another public URL) is
		// refused even when it shares the secret.
		Scope:   strings.TrimRight(cfg.Web.ExternalURL, "/"),
		LinkTTL: time.Duration(cfg.Ledger.Retention), Groups: groups, Charts: groups, Acknowledger: groups, Recorder: p.events,
		Logger: log.With(a.logger, "component", "action"), Metrics: a.metrics.action}
	if cfg.Alertmanager.URL != "" {
		am, err := amclient.New(cfg.Alertmanager.URL, cfg.Built().AlertmanagerToken, nil,
			time.Duration(cfg.Alertmanager.Timeout))
		if err != nil {
			return nil, fmt.Errorf("alertmanager.url: %w", err)
		}
		o.Silencer, p.silences = am, true
	}
	svc, err := action.New(o)
	if err != nil {
		return nil, err
	}
	p.svc, p.handler = svc, svc.Handler()
	p.links = &actionLinks{svc: svc, store: a.ledger}
	return p, nil
}

// actionFingerprint is what the action page is built from, without secrets
// in the clear (a hash is enough to tell a change).
func actionFingerprint(cfg *config.Config) string {
	return fmt.Sprintf("%s|%x|%s|%s|%s", cfg.Web.ExternalURL, sha(cfg.Built().LinkSecret), cfg.Alertmanager.URL,
		sha([]byte(cfg.Built().AlertmanagerToken)), cfg.Ledger.Retention)
}

// pages returns the pipeline's hook; nil without an action page.
func (p *actionPage) pages() pipeline.ActionPages {
	if p == nil {
		return nil
	}
	return p.links
}

// warnOnReload logs that a reload changed what the action page was built
// from: the change applies after a restart.
func (p *actionPage) warnOnReload(logger log.Logger, cfg *config.Config) {
	was := ""
	if p != nil {
		was = p.built
	}
	now := ""
	if cfg.Web.ExternalURL != "" {
		now = actionFingerprint(cfg)
	}
	if was != now {
		level.Warn(logger).Log("msg", "a changed web section (or alertmanager.url, its token, ledger.retention) "+
			"applies to the action page after a restart", "component", "reload")
	}
}

func sha(b []byte) []byte { s := sha256.Sum256(b); return s[:] }
