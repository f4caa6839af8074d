package redisledger

import (
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
)

// TestConformance runs the behaviour every ledger shares (the same table
// as the local ledger's) against a real redis-server.
func TestConformance(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{})
	ledgertest.Run(t, func(t *testing.T, now func() time.Time, obs ledger.Observer, retention time.Duration) ledger.Ledger {
		return openOn(t, srv, prefix(t), Options{Now: now, Observer: obs, Retention: retention})
	})
}
