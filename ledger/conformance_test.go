package ledger_test

import (
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
)

func TestLocalConformance(t *testing.T) {
	t.Run("memory", func(t *testing.T) {
		ledgertest.Run(t, func(*testing.T) ledger.Ledger { return ledger.NewMemory(ledger.Options{}) })
	})
	t.Run("bbolt", func(t *testing.T) {
		ledgertest.Run(t, func(t *testing.T) ledger.Ledger {
			l, err := ledger.Open(t.TempDir(), ledger.Options{})
			require.NoError(t, err)
			return l
		})
	})
}
