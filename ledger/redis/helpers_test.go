package redisledger

import (
	"strings"
	"sync"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
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
type observer struct {
	mu          sync.Mutex
	errors      map[string]int
	healthy     []bool
	outstanding int
}

func (o *observer) LedgerError(op string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.errors == nil {
		o.errors = map[string]int{}
	}
	o.errors[op]++
}

func (o *observer) LedgerHealthy(ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.healthy = append(o.healthy, ok)
}

func (o *observer) EmergenciesOutstanding(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outstanding = n
}

func (o *observer) Errors(op string) int { o.mu.Lock(); defer o.mu.Unlock(); return o.errors[op] }

func (o *observer) Healthy() []bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]bool(nil), o.healthy...)
}

func (o *observer) Outstanding() int { o.mu.Lock(); defer o.mu.Unlock(); return o.outstanding }
