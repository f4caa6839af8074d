package ledger

import (
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

var t0 = time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)

// clock is a settable test clock.
type clock = internalclock.Manual

// observer records what the ledger reports.
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

func (o *observer) Outstanding() int { o.mu.Lock(); defer o.mu.Unlock(); return o.outstanding }

func (o *observer) Errors(op string) int { o.mu.Lock(); defer o.mu.Unlock(); return o.errors[op] }

func refs(fps ...string) []AlertRef {
	out := make([]AlertRef, 0, len(fps))
	for _, fp := range fps {
		out = append(out, AlertRef{Fingerprint: fp, StartsAt: t0.Add(-time.Minute)})
	}
	return out
}

func emergency(receipt, tag string, fps ...string) Emergency {
	return Emergency{
		Receipt: receipt, Tag: tag, Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}",
		Route: "page", Recipient: "oncall", Alerts: refs(fps...),
		SentAt: t0, ExpiresAt: t0.Add(time.Hour),
	}
}

func openAt(t *testing.T, dir string, c *clock, o *observer) *Ledger {
	t.Helper()
	l, err := Open(dir, Options{Now: c.Now, Observer: o})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}
