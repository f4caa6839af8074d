package escalation

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"
	"time"
)

// Level is one level of an escalation policy. Level 1 is the first page
// (After 0, To the route's recipients); each later level is a route's
// escalate entry. To holds names: recipients, or schedules resolved when
// the level fires.
type Level struct {
	After time.Duration `json:"after"`
	To    []string      `json:"to"`
}

// Receipt is one emergency message Pushover accepted: the recipient's
// name (never its key) and Pushover's receipt, which cancels it.
type Receipt struct {
	Recipient string `json:"recipient"`
	Receipt   string `json:"receipt"`
}

// FiredLevel records a level that was paged.
type FiredLevel struct {
	Level int       `json:"level"` // 1-based
	At    time.Time `json:"at"`
	// Recipients are the recipient names paged, schedules resolved.
	Recipients []string `json:"recipients,omitempty"`
	// Unresolved are the names of To that resolved to nobody (a schedule
	// with no one on call); a level that resolved to nobody at all counts
	// as fired with no receipt, so that later levels still follow.
	Unresolved []string  `json:"unresolved,omitempty"`
	Receipts   []Receipt `json:"receipts,omitempty"`
}

// Ack is the acknowledgement that stopped an escalation. By is a recipient
// name (or "a member of <recipient>"), never a key; Via says how the
// bridge learnt it (such as "receipt poll", "callback", "action page").
type Ack struct {
	By    string    `json:"by"`
	At    time.Time `json:"at"`
	Level int       `json:"level"` // the level whose page was acknowledged; 0: unknown
	Via   string    `json:"via,omitempty"`
	// Receipt is the acknowledged receipt, when known; Acknowledge finds
	// Level from it and does not cancel it (Pushover stopped it already).
	Receipt string `json:"receipt,omitempty"`
}

// AlertRef identifies one alert occurrence of the escalation.
type AlertRef struct {
	Fingerprint string    `json:"fp"`
	StartsAt    time.Time `json:"starts_at"`
}

// Record is the whole state of one escalation, as plain values that a
// Store persists (as JSON). Its ID is the emergency's scope (ScopeID).
type Record struct {
	ID       string `json:"id"`
	Receiver string `json:"receiver"`  // the Alertmanager receiver
	GroupKey string `json:"group_key"` // Alertmanager's group key
	Route    string `json:"route"`
	Scope    string `json:"scope,omitempty"` // the deployment or source tag scope of the first page
	// Levels are the policy when the first page went out; a reload does
	// not change a running escalation.
	Levels  []Level      `json:"levels"`
	PagedAt time.Time    `json:"paged_at"` // the first page
	Fired   []FiredLevel `json:"fired"`    // in level order; Fired[0] is the first page
	Acked   *Ack         `json:"acked,omitempty"`
	// Resolved is set when the alerts resolved: every level is cancelled.
	Resolved   bool      `json:"resolved,omitempty"`
	ResolvedAt time.Time `json:"resolved_at,omitzero"`
	// Halted says why escalation stopped without an acknowledgement or a
	// resolve (the StillFiring check said the alerts no longer page).
	Halted string `json:"halted,omitempty"`
	// Uncancelled are receipts that should stop ringing but whose cancel
	// failed; the engine retries them.
	Uncancelled []Receipt  `json:"uncancelled,omitempty"`
	Alerts      []AlertRef `json:"alerts,omitempty"`
	// Snapshot is the group data a later page renders: the webhook's
	// restricted payload, as JSON.
	Snapshot json.RawMessage `json:"snapshot,omitempty"`
}

// ScopeID is the ID of the escalation of an emergency scope: the
// Alertmanager receiver, group key, route and deployment tag scope.
// It is "esc-" and 24 hex digits of a SHA-256, so it holds no label value.
func ScopeID(receiver, groupKey, route, scope string) string {
	h := sha256.New()
	for _, s := range []string{receiver, groupKey, route, scope} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "esc-" + hex.EncodeToString(h.Sum(nil))[:24]
}

// PageKey is the idempotency key of paging level of the escalation id: a
// Pager must send a key's page at most once (the ledger's Claim), so a
// retry after a crash between the send and the record does not page twice.
func PageKey(id string, level int) string { return id + "/level-" + strconv.Itoa(level) }

// Active reports whether the escalation may still page a level.
func (r *Record) Active() bool {
	return r.Acked == nil && !r.Resolved && r.Halted == "" && len(r.Fired) < len(r.Levels)
}

// NextDue returns when the next level fires, the first page's time plus
// its After; false when no level is left to fire.
func (r *Record) NextDue() (time.Time, bool) {
	if !r.Active() {
		return time.Time{}, false
	}
	return r.PagedAt.Add(r.Levels[len(r.Fired)].After), true
}

// Due reports whether a level is due at now.
func (r *Record) Due(now time.Time) bool {
	t, ok := r.NextDue()
	return ok && !t.After(now)
}

// FinishedAt returns when the escalation stopped needing the engine
// (acknowledged, resolved, or its last level fired or halted, with no
// receipt left to cancel); false while it does. A store's janitor may
// Delete a record some retention after it, as the ledger prunes its
// other records.
func (r *Record) FinishedAt() (time.Time, bool) {
	if r.Active() || len(r.Uncancelled) > 0 {
		return time.Time{}, false
	}
	var t time.Time
	if len(r.Fired) > 0 {
		t = r.Fired[len(r.Fired)-1].At
	}
	if r.Acked != nil && r.Acked.At.After(t) {
		t = r.Acked.At
	}
	if r.ResolvedAt.After(t) {
		t = r.ResolvedAt
	}
	return t, true
}

// Receipts returns every receipt of every fired level, in order.
func (r *Record) Receipts() []Receipt {
	var out []Receipt
	for _, f := range r.Fired {
		out = append(out, f.Receipts...)
	}
	return out
}

// Missed returns the recipients paged so far, in order, each once: who
// did not answer when the next level fires.
func (r *Record) Missed() []string {
	var out []string
	for _, f := range r.Fired {
		for _, n := range f.Recipients {
			if !slices.Contains(out, n) {
				out = append(out, n)
			}
		}
	}
	return out
}

// levelOf returns the level that sent receipt, or 0.
func (r *Record) levelOf(receipt string) int {
	for _, f := range r.Fired {
		for _, rc := range f.Receipts {
			if rc.Receipt == receipt {
				return f.Level
			}
		}
	}
	return 0
}

// Validate checks what Start needs: an ID, the first page's time, level 1
// with After 0 and already fired, later levels strictly later, each with
// a name, and a snapshot that is JSON when set.
func (r *Record) Validate() error {
	switch {
	case r.ID == "":
		return fmt.Errorf("%w: no id", ErrInvalidRecord)
	case r.PagedAt.IsZero():
		return fmt.Errorf("%w: %s: no first page time", ErrInvalidRecord, r.ID)
	case len(r.Levels) == 0 || r.Levels[0].After != 0:
		return fmt.Errorf("%w: %s: level 1 is the first page, after 0", ErrInvalidRecord, r.ID)
	case len(r.Fired) != 1 || r.Fired[0].Level != 1:
		return fmt.Errorf("%w: %s: only level 1 (the first page) may have fired", ErrInvalidRecord, r.ID)
	case len(r.Snapshot) > 0 && !json.Valid(r.Snapshot):
		return fmt.Errorf("%w: %s: snapshot is not JSON", ErrInvalidRecord, r.ID)
	}
	for i := 1; i < len(r.Levels); i++ {
		if r.Levels[i].After <= r.Levels[i-1].After || len(r.Levels[i].To) == 0 {
			return fmt.Errorf("%w: %s: level %d must come later than level %d and page someone",
				ErrInvalidRecord, r.ID, i+1, i)
		}
	}
	return nil
}
