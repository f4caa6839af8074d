package main

import (
	"fmt"
	"os"
	"strconv"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// metrics are every package's metrics, registered on one registry.
type metrics struct {
	receiver  *receiver.Metrics
	pipeline  *pipeline.Metrics
	emergency *emergency.Metrics
	ledger    *ledger.Metrics
	pushover  *pushover.Metrics
	reload    *config.Metrics
	graph     *graph.Metrics
}

func newMetrics(reg prometheus.Registerer) *metrics {
	reg.MustRegister(version.NewCollector("alertmanager_pushover"))
	return &metrics{receiver: receiver.NewMetrics(reg), pipeline: pipeline.NewMetrics(reg),
		emergency: emergency.NewMetrics(reg), ledger: ledger.NewMetrics(reg), pushover: pushover.NewMetrics(reg),
		reload: config.NewMetrics(reg), graph: graph.NewMetrics(reg)}
}

// wire builds the tracker, the pipeline and the handler around the ledger.
func (a *App) wire(rt *receiver.Runtime) {
	holder := replicaName()
	a.tracker = emergency.NewTracker(&rt.Emergency, emergency.Options{Ledger: a.ledger, Metrics: a.metrics.emergency,
		Logger: a.logger, Context: a.life, Holder: holder})
	a.pipeline = pipeline.New(pipeline.Options{Ledger: a.ledger, Tracker: a.tracker, Metrics: a.metrics.pipeline,
		Logger: a.logger, Recent: a.recent, Charts: a.charts, Holder: holder})
	a.handler = receiver.NewHandler(rt, receiver.Options{Pipeline: a.pipeline, Metrics: a.metrics.receiver, Logger: a.logger})
}

// replicaName names this process in the ledger's claims and leases.
func replicaName() string {
	host, _ := os.Hostname()
	return host + "/" + strconv.Itoa(os.Getpid())
}

// buildRuntime turns a loaded configuration into the runtime of the
// handler, the pipeline and the tracker: routes, templates, secrets, and
// the Pushover client as sender and receipt poller (the dry-run sink, and
// no poller, when dryRun; client may then be nil).
func buildRuntime(cfg *config.Config, dryRun bool, client *pushover.Client, logger log.Logger) *receiver.Runtime {
	b := cfg.Built()
	rt := &receiver.Runtime{
		Config: cfg.Receiver, Token: b.ReceiverToken, CallbackSecret: b.CallbackSecret,
		Pipeline: pipeline.Runtime{Config: cfg.Receiver.Pipeline(), Router: b.Router, Templates: b.Templates,
			DryRun: dryRun, Secrets: cfg.Secrets(), Callback: cfg.Emergency.Callback(b.CallbackSecret)},
		Emergency: emergency.Runtime{Config: cfg.Emergency, Alertmanager: cfg.Alertmanager,
			AlertmanagerToken: b.AlertmanagerToken, Recipients: recipientNames(b.Router), Secrets: cfg.Secrets()},
	}
	if dryRun {
		rt.Pipeline.Sender = pipeline.NewDryRun(logger)
	} else {
		rt.Pipeline.Sender = pipeline.PushoverSender{Client: client}
		rt.Emergency.Poller = client
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

// recipientNames maps each user key to its recipient's name.
func recipientNames(r *routing.Router) map[string]string {
	out := make(map[string]string, len(r.Recipients))
	for _, rc := range r.Recipients {
		out[rc.UserKey] = rc.Name
	}
	return out
}
