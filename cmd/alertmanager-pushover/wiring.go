package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"strconv"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors/version"
	promversion "github.com/prometheus/common/version"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/groupmenotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// metrics are every package's metrics, registered on one registry.
type metrics struct {
	receiver   *receiver.Metrics
	pipeline   *pipeline.Metrics
	emergency  *emergency.Metrics
	ledger     *ledger.Metrics
	pushover   *pushover.Metrics
	groupme    *groupme.Metrics
	reload     *config.Metrics
	graph      *graph.Metrics
	action     *action.Metrics
	escalation *escalation.Metrics
	schedule   *schedule.SyncMetrics
}

func newMetrics(reg prometheus.Registerer) *metrics {
	reg.MustRegister(version.NewCollector("alertmanager_pushover"))
	return &metrics{receiver: receiver.NewMetrics(reg), pipeline: pipeline.NewMetrics(reg),
		emergency: emergency.NewMetrics(reg), ledger: ledger.NewMetrics(reg), pushover: pushover.NewMetrics(reg),
		groupme: groupme.NewMetrics(reg), reload: config.NewMetrics(reg), action: action.NewMetrics(reg),
		graph: graph.NewMetrics(reg), escalation: escalation.NewMetrics(reg), schedule: schedule.NewSyncMetrics(reg)}
}

// wire builds the tracker, the pipeline and the handler around the ledger.
func (a *App) wire(rt *receiver.Runtime) {
	holder := replicaName()
	a.tracker = emergency.NewTracker(&rt.Emergency, emergency.Options{Ledger: a.ledger, Metrics: a.metrics.emergency,
		Logger: a.logger, Context: a.life, Holder: holder,
		OnAcknowledged: func(ctx context.Context, e ledger.Emergency, source string) {
			a.pipeline.Acknowledged(ctx, e, source)
		}})
	a.pipeline = pipeline.New(pipeline.Options{Ledger: a.ledger, Tracker: a.tracker, Metrics: a.metrics.pipeline,
		Logger: a.logger, Recent: a.recent, Charts: a.charts, Holder: holder, Shared: isShared(a.ledger)})
	a.handler = receiver.NewHandler(rt, receiver.Options{Pipeline: a.pipeline, Metrics: a.metrics.receiver, Logger: a.logger})
	if a.actions != nil {
		a.actions.groups.tracker = a.tracker
	}
	a.wireEscalation(holder)
}

// replicaName names this process in the ledger's claims and leases:
// host name, process id and a random part, since neither host names
// (containers given the same one) nor process ids (1 in every container)
// need differ between replicas, and two holders with one name would both
// be granted the same claim.
func replicaName() string {
	host, _ := os.Hostname()
	var r [4]byte
	_, _ = rand.Read(r[:])
	return host + "/" + strconv.Itoa(os.Getpid()) + "/" + hex.EncodeToString(r[:])
}

// buildRuntime turns a loaded configuration into the runtime of the
// handler, the pipeline and the tracker: routes, templates, secrets, and
// the notifiers of every destination (the Pushover client's also cancels
// emergencies; gm observes GroupMe's requests and may be nil), the Pushover
// client as receipt poller (dry runs of every notifier, and no poller, when
// dryRun; client may then be nil), and
// the action page's hook (nil: messages keep their own links).
func buildRuntime(cfg *config.Config, dryRun bool, client *pushover.Client, gm groupme.Observer, logger log.Logger,
	actions pipeline.ActionPages) *receiver.Runtime {
	b := cfg.Built()
	rt := &receiver.Runtime{
		Config: cfg.Receiver, Token: b.ReceiverToken, CallbackSecret: b.CallbackSecret,
		Pipeline: pipeline.Runtime{Config: cfg.Receiver.Pipeline(), Router: b.Router, Templates: b.Templates,
			DryRun: dryRun, Secrets: cfg.Secrets(), Callback: cfg.Emergency.Callback(b.CallbackSecret),
			Actions: actions, TagPrefix: cfg.Emergency.TagPrefix(cfg.Alertmanager.URL),
			Recipients: recipientsByName(b.Router), Schedules: b.Schedules.Resolve},
		Emergency: emergency.Runtime{Config: cfg.Emergency, Alertmanager: cfg.Alertmanager,
			AlertmanagerToken: b.AlertmanagerToken, Recipients: recipientNames(b.Router), Secrets: cfg.Secrets()},
	}
	rt.Pipeline.Notifiers = notifiers(cfg, client, gm, logger)
	if dryRun {
		rt.Pipeline.Notifiers = pipeline.DryRunAll(rt.Pipeline.Notifiers, logger)
	} else {
		rt.Emergency.Poller = client
		rt.Emergency.Canceller = client
	}
	return rt
}

// newCharter returns the Grapher of cfg's prometheus section, counting on
// m (nil: counted nowhere); nil without prometheus.url (no charts).
func newCharter(cfg *config.Config, m *graph.Metrics) (pipeline.Charter, error) {
	if !cfg.Prometheus.Enabled() {
		return nil, nil
	}
	g, err := graph.New(cfg.Prometheus, m)
	if err != nil {
		return nil, fmt.Errorf("prometheus: %w", err)
	}
	return g, nil
}

// notifiers returns the pipeline's notifier of every destination, by
// recipient kind (client may be nil in a dry run, which replaces them).
// Adding a destination adds a package and a line here.
func notifiers(cfg *config.Config, client *pushover.Client, gm groupme.Observer, logger log.Logger) map[string]pipeline.Notifier {
	out := map[string]pipeline.Notifier{}
	for kind, build := range map[string]func() (pipeline.Notifier, error){
		routing.KindPushover: func() (pipeline.Notifier, error) { return pushovernotify.New(client, logger), nil },
		routing.KindGroupMe:  func() (pipeline.Notifier, error) { return newGroupMeNotifier(cfg, gm, logger) },
	} {
		nt, err := build()
		if err != nil { // cannot happen: the sections were validated on load
			level.Error(logger).Log("msg", "notifier not built: its recipients' deliveries fail", "destination", kind, "err", err)
			continue
		}
		out[kind] = nt
	}
	return out
}

// newGroupMeNotifier returns GroupMe's notifier of cfg; gm may be nil.
func newGroupMeNotifier(cfg *config.Config, gm groupme.Observer, logger log.Logger) (pipeline.Notifier, error) {
	c, err := newGroupMeClient(cfg, gm)
	if err != nil {
		return nil, err
	}
	return groupmenotify.New(c, cfg.Built().Templates, templates.DefaultGroupMeSpec(), logger), nil
}

// newGroupMeClient returns the GroupMe client of cfg; o may be nil.
func newGroupMeClient(cfg *config.Config, o groupme.Observer) (*groupme.Client, error) {
	g := cfg.GroupMe
	opts := []groupme.Option{groupme.WithAPIURL(g.APIURL), groupme.WithImageURL(g.ImageURL),
		groupme.WithAccessToken(cfg.Built().GroupMeToken), groupme.WithTimeout(time.Duration(g.Timeout)),
		groupme.WithUserAgent(appName + "/" + promversion.Version)}
	if o != nil {
		opts = append(opts, groupme.WithObserver(o))
	}
	c, err := groupme.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("groupme: %w", err)
	}
	return c, nil
}

// recipientNames maps each user key to its recipient's name.
func recipientNames(r *routing.Router) map[string]string {
	out := make(map[string]string, len(r.Recipients))
	for _, rc := range r.Recipients {
		if rc.UserKey == "" {
			continue // not a Pushover recipient
		}
		out[rc.UserKey] = rc.Name
	}
	return out
}

// recipientsByName maps each recipient's name to it.
func recipientsByName(r *routing.Router) map[string]*routing.Recipient {
	out := make(map[string]*routing.Recipient, len(r.Recipients))
	for _, rc := range r.Recipients {
		out[rc.Name] = rc
	}
	return out
}
