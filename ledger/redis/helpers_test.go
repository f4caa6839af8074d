package redisledger

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	commoncfg "github.com/prometheus/common/config"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// prefix is a key prefix of its own for each test.
func prefix(t *testing.T) string {
	return "test/" + strings.ReplaceAll(t.Name(), " ", "_") + "/"
}

// openOn opens a ledger on srv (database 0, no password) with opts,
// closed at cleanup.
func openOn(t *testing.T, srv *redistest.Server, pfx string, opts Options) *Ledger {
	t.Helper()
	l, err := Open(Config{URL: commoncfg.Secret(srv.URL("", 0)), KeyPrefix: pfx}, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// opener opens the suite's ledgers on srv, each under its own prefix.
func opener(srv *redistest.Server) ledgertest.Opener {
	return func(t *testing.T, now func() time.Time, obs ledger.Observer, retention time.Duration) ledgertest.Ledger {
		return openOn(t, srv, prefix(t), Options{Now: now, Observer: obs, Retention: retention})
	}
}
