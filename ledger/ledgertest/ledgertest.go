// Package ledgertest is the behaviour every ledger implementation shares
// (the embedded bbolt one, the in-memory one, the Redis one): one table of
// tests, run against each by its own test package, so the implementations
// cannot drift apart. It is imported only by _test.go files.
package ledgertest

import (
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest/recorder"
)

// T0 is the suite's start time.
var T0 = time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)

// Opener returns a new, empty ledger for one test, on the clock now,
// reporting to obs, with the given retention; it closes it at cleanup.
type Opener func(t *testing.T, now func() time.Time, obs ledger.Observer, retention time.Duration) ledger.Ledger

// Observer records what a ledger reports (recorder.Observer, which the
// ledger's own tests use too).
type Observer = recorder.Observer

// Refs are alert references of the fingerprints fps, started a minute before T0.
func Refs(fps ...string) []ledger.AlertRef {
	out := make([]ledger.AlertRef, 0, len(fps))
	for _, fp := range fps {
		out = append(out, ledger.AlertRef{Fingerprint: fp, StartsAt: T0.Add(-time.Minute)})
	}
	return out
}

// Emergency is an emergency of tag for the alerts fps, sent at T0, ringing for an hour.
func Emergency(receipt, tag string, fps ...string) ledger.Emergency {
	return ledger.Emergency{
		Receipt: receipt, Tag: tag, Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}",
		Route: "page", Recipient: "oncall", Alerts: Refs(fps...),
		SentAt: T0, ExpiresAt: T0.Add(time.Hour),
		Labels: []map[string]string{{"alertname": "X"}}, SilenceFor: 2 * time.Hour,
	}
}
