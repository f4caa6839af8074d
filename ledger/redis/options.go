package redisledger

import (
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Defaults of Options.
const (
	// DefaultTimeout bounds every call to the server: dial, read, write.
	DefaultTimeout = time.Second
	// DefaultClaimTTL is how long a claim holds a delivery that is neither
	// recorded nor released: longer than a send (the pipeline bounds a
	// webhook's work to twice its timeout, 20 s by default).
	DefaultClaimTTL = time.Minute
	// DefaultHealthInterval is how often Run checks the server.
	DefaultHealthInterval = 5 * time.Second
)

// Options configure a Ledger beyond its Config.
type Options struct {
	Retention time.Duration // ledger.DefaultRetention when zero
	Timeout   time.Duration // DefaultTimeout when zero
	ClaimTTL  time.Duration // DefaultClaimTTL when zero
	Now       func() time.Time
	Observer  ledger.Observer // nil: nothing is reported
}

func (o Options) withDefaults() Options {
	if o.Retention <= 0 {
		o.Retention = ledger.DefaultRetention
	}
	if o.Timeout <= 0 {
		o.Timeout = DefaultTimeout
	}
	if o.ClaimTTL <= 0 {
		o.ClaimTTL = DefaultClaimTTL
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	return o
}

type nopObserver struct{}

func (nopObserver) LedgerError(string)         {}
func (nopObserver) LedgerHealthy(bool)         {}
func (nopObserver) EmergenciesOutstanding(int) {}
