package receiver

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// TestCorruptLedgerStillPages: a ledger file of garbage is reported
// (error, ledger_healthy 0, errors counted) and the bridge pages and
// cancels with the in-memory fallback.
func TestCorruptLedgerStillPages(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, ledger.FileName), []byte("definitely not bbolt"), 0o600))
	ef := newEmergencyFixture(t, "", testRouting)
	lm := ledger.NewMetrics(prometheus.NewRegistry())
	l, err := ledger.OpenOrMemory(dir, ledger.Options{Now: ef.clock.Now, Observer: lm})
	require.ErrorIs(t, err, ledger.ErrCorrupt)
	require.Error(t, l.Health(context.Background()))
	require.InDelta(t, 0, testutil.ToFloat64(lm.Up), 0)
	require.InDelta(t, 1, testutil.ToFloat64(lm.Errors.WithLabelValues("open")), 0)
	ef.ledger = l
	ef.build(ef.rt)

	code, a := ef.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code, "%+v", a)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	code, a = ef.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code, "%+v", a)
	for _, r := range ef.srv.Receipts() {
		require.True(t, r.Canceled)
	}
	ef.wait(t)
}
