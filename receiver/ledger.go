package receiver

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"sort"
	"strconv"
	"time"

	"github.com/prometheus/alertmanager/template"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// Ledger remembers the deliveries Pushover accepted, so that an
// Alertmanager retry after a partial failure re-sends only what failed, and
// the emergencies the bridge sent, so that a repeat does not re-page one
// still ringing and acknowledgements are known. *ledger.Ledger (on disk or
// in memory) implements it. Implementations must be safe for concurrent use.
type Ledger interface {
	// Accepted reports when the delivery with key was accepted; ok is
	// false when it never was (or the record expired).
	Accepted(ctx context.Context, key string) (at time.Time, ok bool, err error)
	// Record notes that Pushover accepted the delivery with key at at.
	Record(ctx context.Context, key string, at time.Time) error
	EmergencyLedger
}

// EmergencyLedger is the part of the Ledger that follows emergencies.
type EmergencyLedger interface {
	// AddEmergency records an emergency message Pushover accepted.
	AddEmergency(ctx context.Context, e ledger.Emergency) error
	// Cover says whether an emergency of tag that covers refs is ringing,
	// was paged (and stopped ringing), or none was.
	Cover(tag string, refs []ledger.AlertRef, now time.Time) ledger.Coverage
	// Acknowledgement is the latest acknowledgement of the group's
	// emergencies sent for any of refs, or nil.
	Acknowledgement(receiver, groupKey string, refs []ledger.AlertRef) *ledger.Ack
	// Emergency returns the emergency of receipt.
	Emergency(receipt string) (ledger.Emergency, bool)
	// Outstanding returns the emergencies still ringing at now.
	Outstanding(now time.Time) []ledger.Emergency
	// Acknowledge records the first acknowledgement of receipt.
	Acknowledge(ctx context.Context, receipt string, ack ledger.Ack) (ledger.Emergency, bool, error)
	// Expire records that receipt no longer rings.
	Expire(ctx context.Context, receipt string) error
	// CancelTag records that every emergency of tag was cancelled.
	CancelTag(ctx context.Context, tag string, at time.Time) error
}

// DefaultLedgerTTL is how long the in-memory ledger keeps a record.
const DefaultLedgerTTL = ledger.DefaultRetention

// MemoryLedger is a Ledger held in memory: it forgets on restart.
type MemoryLedger struct {
	*ledger.Ledger
}

// NewMemoryLedger returns an empty ledger whose records expire after ttl;
// now is its clock (time.Now when nil).
func NewMemoryLedger(ttl time.Duration, now func() time.Time) *MemoryLedger {
	return &MemoryLedger{ledger.NewMemory(ledger.Options{Retention: ttl, Now: now})}
}

// Len returns the number of delivery records held.
func (l *MemoryLedger) Len() int {
	d, _ := l.Ledger.Len()
	return d
}

var (
	_ Ledger = (*ledger.Ledger)(nil)
	_ Ledger = (*MemoryLedger)(nil)
)

// alertRefs identifies alerts for the ledger: fingerprint and start time.
func alertRefs(alerts template.Alerts) []ledger.AlertRef {
	out := make([]ledger.AlertRef, 0, len(alerts))
	for _, a := range alerts {
		out = append(out, ledger.AlertRef{Fingerprint: a.Fingerprint, StartsAt: a.StartsAt})
	}
	return out
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
