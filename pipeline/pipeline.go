package pipeline

import (
	"context"
	"fmt"
	"sync/atomic"
	"time"

	"github.com/go-kit/log"
	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/inflight"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Pipeline carries out webhooks: Process plans, claims, renders, cancels,
// sends and records the deliveries of one. It is safe for concurrent use.
type Pipeline struct {
	ledger  ledger.Ledger
	tracker *emergency.Tracker
	metrics *Metrics
	logger  log.Logger
	now     func() time.Time
	recent  *Recent
	charts  *RecentCharts
	holder  string
	seq     atomic.Uint64
	// work counts requests whose deliveries may still run after their
	// answer (see Process).
	work    inflight.Group
	sending sending                           // keys of the deliveries in flight in this process
	esc     atomic.Pointer[escalation.Engine] // nil: no escalation (SetEscalation)
	// horizon (Unix nanoseconds) is since when the ledger has recorded
	// every emergency sent: the pipeline's start, or its last ledger error.
	horizon atomic.Int64
	shared  bool // the ledger is shared with other replicas (Options.Shared)
}

// Options are the parts of a Pipeline that outlive a configuration.
type Options struct {
	Ledger  ledger.Ledger      // required
	Tracker *emergency.Tracker // required
	Metrics *Metrics           // required
	Logger  log.Logger
	Now     func() time.Time // time.Now when nil
	// Recent, when set, keeps the latest deliveries for the status page.
	Recent *Recent
	// Charts, when set, keeps the latest charts for the status page.
	Charts *RecentCharts
	// Holder names this replica in the ledger's claims.
	Holder string
	// Shared says the ledger is shared with other replicas. What another
	// replica failed to record there is invisible here, so the stateless
	// tag cancel is then never skipped (see wouldKnow).
	Shared bool
	// OnClaimWait, when set, is called with a delivery key when a delivery
	// starts waiting for the same delivery still in flight from an earlier
	// request (tests await it instead of sleeping).
	OnClaimWait func(key string)
}

// New returns a pipeline.
func New(o Options) *Pipeline {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	p := &Pipeline{ledger: o.Ledger, tracker: o.Tracker, metrics: o.Metrics,
		logger: log.With(o.Logger, "component", "pipeline"), now: o.Now, recent: o.Recent, charts: o.Charts, holder: o.Holder,
		shared: o.Shared, sending: sending{onWait: o.OnClaimWait}}
	if p.holder == "" {
		p.holder = fmt.Sprintf("pipeline-%p", p)
	}
	p.horizon.Store(p.now().UnixNano())
	return p
}

// noteLedger moves the horizon to now when err says the ledger failed: an
// emergency sent around then may be missing from it.
func (p *Pipeline) noteLedger(err error) {
	if err != nil {
		p.horizon.Store(p.now().UnixNano())
	}
}

// wouldKnow reports whether the ledger would hold every emergency sent for
// alerts: it is this process's alone, and each alert started after the
// horizon. (A record lives for the ledger's retention, far longer than
// Pushover lets an emergency ring.)
func (p *Pipeline) wouldKnow(alerts template.Alerts) bool {
	if p.shared || len(alerts) == 0 {
		return false
	}
	h := p.horizon.Load()
	for _, a := range alerts {
		if a.StartsAt.UnixNano() <= h {
			return false
		}
	}
	return true
}

// Wait blocks until every delivery started by a request has finished, or
// ctx ends. It leaves no goroutine behind.
func (p *Pipeline) Wait(ctx context.Context) error { return p.work.Wait(ctx) }

// Tracker returns the emergency tracker the pipeline records with.
func (p *Pipeline) Tracker() *emergency.Tracker { return p.tracker }
