package ledgertest_test

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
)

// TestMemoryLedger runs the shared behaviour against the in-memory ledger.
func TestMemoryLedger(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T, now func() time.Time, obs ledger.Observer, retention time.Duration) ledger.Ledger {
		return ledger.NewMemory(ledger.Options{Now: now, Observer: obs, Retention: retention})
	})
}

// TestBoltLedger runs the shared behaviour against the bbolt ledger.
func TestBoltLedger(t *testing.T) {
	ledgertest.Run(t, func(t *testing.T, now func() time.Time, obs ledger.Observer, retention time.Duration) ledger.Ledger {
		l, err := ledger.Open(t.TempDir(), ledger.Options{Now: now, Observer: obs, Retention: retention})
		require.NoError(t, err)
		t.Cleanup(func() { _ = l.Close() })
		return l
	})
}
