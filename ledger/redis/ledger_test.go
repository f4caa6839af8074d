package redisledger

import (
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
)

// TestConformance runs the behaviour every ledger shares against a real
// redis-server.
func TestConformance(t *testing.T) {
	ledgertest.Run(t, opener(redistest.Start(t, redistest.Options{})))
}
