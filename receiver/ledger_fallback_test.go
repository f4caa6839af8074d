package receiver

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// TestCorruptLedgerStillPages: a ledger file of garbage is reported
// (error, ledger_healthy 0, errors counted) and the bridge pages and
// cancels with the in-memory fallback.
func TestCorruptLedgerStillPages(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ledger.FileName), []byte("definitely not bbolt"), 0o600))
	ef := newEmergencyFixture(t, "", testRouting)
	ef.reg = prometheus.NewRegistry()
	ef.metrics = NewMetrics(ef.reg)
	l, err := ledger.OpenOrMemory(dir, ledger.Options{Now: ef.clock.Now, Observer: ef.metrics})
	require.ErrorIs(t, err, ledger.ErrCorrupt)
	require.Error(t, l.Health())
	require.InDelta(t, 0, testutil.ToFloat64(ef.metrics.LedgerUp), 0)
	require.InDelta(t, 1, testutil.ToFloat64(ef.metrics.LedgerErrors.WithLabelValues("open")), 0)
	ef.ledger = l
	ef.h = NewHandler(ef.rt, Options{Ledger: l, Metrics: ef.metrics, Now: ef.clock.Now})

	code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	code, a = ef.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code, "%+v", a)
	for _, r := range ef.srv.Receipts() {
		require.True(t, r.Canceled)
	}
	ef.wait(t, ef.h)
}
