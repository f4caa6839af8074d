package main

import (
	"context"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	redisledger "github.com/alertmanager-pushover/alertmanager-pushover/ledger/redis"
)

// appLedger is the ledger the bridge runs on: the local one (a bbolt file
// under --storage.path, or memory) or, with ledger.redis, the one every
// replica shares.
type appLedger interface {
	ledger.Ledger
	ledger.GroupStore
	ledger.EscalationKeeper
	// RunJanitor prunes (local) or checks the server (Redis) until ctx ends.
	RunJanitor(ctx context.Context, interval time.Duration)
	// Describe says where the ledger lives, for the status page (no secret).
	Describe() string
	// Durable reports whether the ledger outlives the process.
	Durable() bool
}

// openLedger opens the shared ledger when cfg.Redis is set, else the
// local one in dir. A local ledger that cannot be opened is logged and
// replaced by one in memory: pages still go out, and
// alertmanager_pushover_ledger_healthy says what is wrong. A Redis server
// that is away is no error either (the ledger reports it and recovers);
// only a url_file that cannot be read is.
func openLedger(dir string, cfg ledger.Config, m *ledger.Metrics, logger log.Logger) (appLedger, error) {
	retention := time.Duration(cfg.Retention)
	if cfg.Redis != nil {
		redisledger.SetLogger(logger)
		l, err := redisledger.Open(*cfg.Redis, redisledger.Options{Observer: m, Retention: retention})
		if err != nil {
			return nil, err
		}
		level.Info(logger).Log("msg", "shared ledger on Redis", "component", "ledger", "where", l.Where())
		return sharedLedger{l}, nil
	}
	l, err := ledger.OpenOrMemory(dir, ledger.Options{Observer: m, Retention: retention})
	if err != nil {
		level.Error(logger).Log("msg", "could not open the ledger, keeping it in memory: a restart forgets what was sent",
			"component", "ledger", "dir", dir, "err", err)
	}
	return localLedger{l, dir}, nil
}

type localLedger struct {
	*ledger.Local
	dir string
}

func (l localLedger) Describe() string {
	if l.Durable() {
		return "durable, in " + l.dir
	}
	return "in memory only: a restart forgets what was sent"
}

type sharedLedger struct{ *redisledger.Ledger }

// isShared reports whether l is shared with other replicas.
func isShared(l appLedger) bool {
	_, ok := l.(sharedLedger)
	return ok
}

func (l sharedLedger) Describe() string { return "shared by the replicas, on " + l.Where() }
