package main

import (
	"context"
	"net/http"
	"sync"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// escalationLease is the ledger lease that elects the replica firing
// escalation levels: the receipt poller's, so that the replica that learns
// acknowledgements is the one that escalates.
const escalationLease = "receipt-poller"

// escalationStore is where the ledger keeps escalations: the local file
// or the shared server, beside the deliveries and emergencies.
func escalationStore(l ledger.EscalationKeeper) escalation.Store { return l.Escalations() }

// wireEscalation builds the escalation engine around the pipeline: the
// pipeline starts and resolves escalations and pages their levels with
// the configuration in use; the schedules of that configuration resolve
// the levels' names.
func (a *App) wireEscalation(holder string) {
	pager := a.pipeline.EscalationPager(func() *pipeline.Runtime { return &a.handler.Runtime().Pipeline })
	e, err := escalation.New(escalation.Options{
		Store: escalationStore(a.ledger), Pager: pager, Canceller: pager,
		Resolver: func(name string, t time.Time) (string, bool) {
			return a.config.Load().Built().Schedules.Resolve(name, t)
		},
		StillFiring: pipeline.StillFiring(a.alertCounter),
		Holder:      holder, Logger: a.logger, Metrics: a.metrics.escalation,
	})
	if err != nil { // only missing parts, which are all given
		panic(err)
	}
	a.escalation = e
	a.pipeline.SetEscalation(e)
}

// alertCounter is Alertmanager's API at the configured alertmanager.url,
// which the engine asks before a level fires whether the alerts still
// page (not silenced away); nil without alertmanager.url.
func (a *App) alertCounter() (pipeline.AlertCounter, error) {
	cfg := a.config.Load()
	if cfg == nil || cfg.Alertmanager.URL == "" {
		return nil, nil
	}
	hc := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	c, err := amclient.New(cfg.Alertmanager.URL, cfg.Built().AlertmanagerToken, hc, time.Duration(cfg.Alertmanager.Timeout))
	if err != nil {
		return nil, err
	}
	return c, nil
}

// runEscalation fires due escalation levels until ctx ends, while this
// replica holds the ledger's lease.
func (a *App) runEscalation(ctx context.Context) {
	_ = a.escalation.Run(ctx, ledgerLease{a.ledger})
}

// ledgerLease is the ledger's escalationLease as the engine's Lease; a
// ledger that can release a lease (the shared one) does so when the
// engine stops, so another replica takes over at once.
type ledgerLease struct{ l ledger.Ledger }

func (g ledgerLease) Acquire(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	return g.l.Lease(ctx, escalationLease, holder, ttl)
}

func (g ledgerLease) Renew(ctx context.Context, holder string, ttl time.Duration) (bool, error) {
	return g.l.Lease(ctx, escalationLease, holder, ttl)
}

func (g ledgerLease) Release(ctx context.Context, holder string) error {
	if r, ok := g.l.(interface {
		ReleaseLease(ctx context.Context, name, holder string) error
	}); ok {
		return r.ReleaseLease(ctx, escalationLease, holder)
	}
	return nil
}

// syncers runs the schedules' Syncers (on-call gauge, sync_group) of the
// configuration in use, restarted on every reload.
type syncers struct {
	mu     sync.Mutex
	ctx    context.Context // the background's; nil before start and after stop
	cancel context.CancelFunc
	wg     sync.WaitGroup
}

// restartSyncers stops the running Syncers and starts those of cfg, when
// the background runs. In a dry run nothing touches a delivery group.
func (a *App) restartSyncers(cfg *config.Config) {
	s := &a.syncers
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.cancel != nil {
		s.cancel()
		s.wg.Wait()
		s.cancel = nil
	}
	if s.ctx == nil || s.ctx.Err() != nil {
		return
	}
	set := cfg.Built().Schedules
	opts := schedule.SyncerOptions{Logger: a.logger, Metrics: a.metrics.schedule, UserKey: userKeys(cfg)}
	if a.client != nil {
		opts.API = a.client
	} else if len(set.SyncGroups()) > 0 {
		level.Warn(a.logger).Log("msg", "dry run: the schedules' delivery groups are not synced", "component", "schedule")
		return
	}
	all, err := set.Syncers(opts)
	if err != nil {
		level.Error(a.logger).Log("msg", "could not start the schedules' syncers", "component", "schedule", "err", err)
		return
	}
	ctx, cancel := context.WithCancel(s.ctx)
	s.cancel = cancel
	for _, sy := range all {
		s.wg.Go(func() { _ = sy.Run(ctx) })
	}
}

// startSyncers starts the Syncers under ctx; they stop when it ends.
func (a *App) startSyncers(ctx context.Context) {
	a.syncers.mu.Lock()
	a.syncers.ctx = ctx
	a.syncers.mu.Unlock()
	a.restartSyncers(a.config.Load())
}

// waitSyncers waits for the Syncers to stop (ctx ended).
func (a *App) waitSyncers() {
	a.syncers.mu.Lock()
	defer a.syncers.mu.Unlock()
	a.syncers.wg.Wait()
}

// userKeys returns the lookup of a recipient's key by name.
func userKeys(cfg *config.Config) func(string) (string, bool) {
	keys := map[string]string{}
	for _, r := range cfg.Built().Router.Recipients {
		keys[r.Name] = r.UserKey
	}
	return func(name string) (string, bool) {
		k, ok := keys[name]
		return k, ok
	}
}
