package redisledger

import (
	"strings"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest"
)

// prefix is a key prefix of its own for each test.
func prefix(t testing.TB) string {
	return "test/" + strings.ReplaceAll(t.Name(), " ", "_") + "/"
}

// openOn opens a ledger on srv (database 0, no password) with opts,
// closed at cleanup. Its calls may take 5 s (not 1 s) unless opts says: a
// busy test machine is not a server that is away.
func openOn(t testing.TB, srv *redistest.Server, pfx string, opts Options) *Ledger {
	t.Helper()
	if opts.Timeout == 0 {
		opts.Timeout = 5 * time.Second
	}
	l, err := Open(ledger.RedisConfig{URL: commoncfg.Secret(srv.URL("", 0)), KeyPrefix: pfx}, opts)
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// observer records what a ledger reports.
type observer = ledgertest.Observer
