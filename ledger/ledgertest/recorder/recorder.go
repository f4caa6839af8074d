// Package recorder holds a ledger.Observer that records what a ledger
// reports, for tests. It imports nothing of the ledger, so the ledger's
// own (internal) tests may use it as well as ledgertest and the Redis
// ledger's tests. It is imported only by _test.go files and ledgertest.
package recorder

import "sync"

// Observer records what a ledger reports.
type Observer struct {
	mu          sync.Mutex
	errors      map[string]int
	healthy     []bool
	outstanding int
}

// LedgerError implements ledger.Observer.
func (o *Observer) LedgerError(op string) {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.errors == nil {
		o.errors = map[string]int{}
	}
	o.errors[op]++
}

// LedgerHealthy implements ledger.Observer.
func (o *Observer) LedgerHealthy(ok bool) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.healthy = append(o.healthy, ok)
}

// EmergenciesOutstanding implements ledger.Observer.
func (o *Observer) EmergenciesOutstanding(n int) {
	o.mu.Lock()
	defer o.mu.Unlock()
	o.outstanding = n
}

// Outstanding is the last number of ringing emergencies reported.
func (o *Observer) Outstanding() int { o.mu.Lock(); defer o.mu.Unlock(); return o.outstanding }

// Errors is how many failures of op were reported.
func (o *Observer) Errors(op string) int { o.mu.Lock(); defer o.mu.Unlock(); return o.errors[op] }

// Healthy is every health change reported, in order.
func (o *Observer) Healthy() []bool {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]bool(nil), o.healthy...)
}
