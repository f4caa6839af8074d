package receiver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"sync"
	"time"

	"github.com/prometheus/alertmanager/template"
)

// Ledger remembers the deliveries Pushover accepted, so that an
// Alertmanager retry after a partial failure re-sends only what failed.
// Implementations must be safe for concurrent use.
type Ledger interface {
	// Accepted reports when the delivery with key was accepted; ok is
	// false when it never was (or the record expired).
	Accepted(ctx context.Context, key string) (at time.Time, ok bool, err error)
	// Record notes that Pushover accepted the delivery with key at at.
	Record(ctx context.Context, key string, at time.Time) error
}

// DefaultLedgerTTL is how long the in-memory ledger keeps a record.
const DefaultLedgerTTL = 24 * time.Hour

// MemoryLedger is a Ledger held in memory: it forgets on restart.
type MemoryLedger struct {
	ttl time.Duration
	now func() time.Time

	mu      sync.Mutex
	records map[string]time.Time
}

// NewMemoryLedger returns an empty ledger whose records expire after ttl;
// now is its clock (time.Now when nil).
func NewMemoryLedger(ttl time.Duration, now func() time.Time) *MemoryLedger {
	if now == nil {
		now = time.Now
	}
	return &MemoryLedger{ttl: ttl, now: now, records: map[string]time.Time{}}
}

// Accepted implements Ledger.
func (l *MemoryLedger) Accepted(_ context.Context, key string) (time.Time, bool, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	at, ok := l.records[key]
	if ok && l.now().Sub(at) > l.ttl {
		delete(l.records, key)
		return time.Time{}, false, nil
	}
	return at, ok, nil
}

// Record implements Ledger; it also drops expired records.
func (l *MemoryLedger) Record(_ context.Context, key string, at time.Time) error {
	l.mu.Lock()
	defer l.mu.Unlock()
	now := l.now()
	for k, t := range l.records {
		if now.Sub(t) > l.ttl {
			delete(l.records, k)
		}
	}
	l.records[key] = at
	return nil
}

// Len returns the number of records held.
func (l *MemoryLedger) Len() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.records)
}

// DeliveryKey identifies a page: the same key means the same message to the
// same person about the same alerts in the same state. It hashes the
// Alertmanager receiver, group key, route and recipient names, the
// delivery's status, and each alert's fingerprint, start time and status
// (in fingerprint order, so Alertmanager's ordering does not matter).
func DeliveryKey(receiver, groupKey, route, recipient string, alerts template.Alerts) string {
	type item struct{ fp, start, status string }
	items := make([]item, 0, len(alerts))
	for _, a := range alerts {
		items = append(items, item{a.Fingerprint, strconv.FormatInt(a.StartsAt.UnixNano(), 10), a.Status})
	}
	sort.Slice(items, func(i, j int) bool {
		if items[i].fp != items[j].fp {
			return items[i].fp < items[j].fp
		}
		return items[i].start < items[j].start
	})
	h := sha256.New()
	write := func(s string) { h.Write([]byte(s)); h.Write([]byte{0}) }
	write("v1")
	write(receiver)
	write(groupKey)
	write(route)
	write(recipient)
	write(deliveryStatus(alerts))
	for _, it := range items {
		write(it.fp)
		write(it.start)
		write(it.status)
	}
	return hex.EncodeToString(h.Sum(nil))
}

// deliveryStatus is "firing" when any alert fires, else "resolved".
func deliveryStatus(alerts template.Alerts) string {
	if len(alerts.Firing()) > 0 {
		return "firing"
	}
	return "resolved"
}

// EmergencyTag is the Pushover tag every emergency of a (receiver, group
// key, route, recipient) carries, so that cancel_by_tag stops it without
// any stored state: "amp-" and 24 hex digits of a SHA-256.
func EmergencyTag(receiver, groupKey, route, recipient string) string {
	h := sha256.New()
	for _, s := range []string{receiver, groupKey, route, recipient} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "amp-" + hex.EncodeToString(h.Sum(nil))[:24]
}
