package ledger

import (
	"errors"
	"fmt"
	"time"
)

// DefaultRetention is how long a record is kept after its last change (and,
// for an emergency, after it stopped ringing).
const DefaultRetention = 24 * time.Hour

// DefaultOpenTimeout bounds the wait for the file lock at Open.
const DefaultOpenTimeout = 5 * time.Second

// FileName is the ledger's file inside the storage directory.
const FileName = "ledger.db"

// Errors that OpenError wraps.
var (
	// ErrLocked: another process holds the ledger file.
	ErrLocked = errors.New("ledger file is locked by another process")
	// ErrCorrupt: the file is not a bbolt database, or a damaged one.
	ErrCorrupt = errors.New("ledger file is corrupt")
	// ErrClosed is returned by writes after Close.
	ErrClosed = errors.New("ledger is closed")
)

// OpenError is a ledger file that could not be opened.
type OpenError struct {
	Path string
	Err  error
}

// Error implements error.
func (e *OpenError) Error() string { return fmt.Sprintf("ledger %s: %v", e.Path, e.Err) }

// Unwrap returns the cause.
func (e *OpenError) Unwrap() error { return e.Err }

// WriteError is a change the ledger kept in memory but could not write to disk.
type WriteError struct {
	Op  string
	Err error
}

// Error implements error.
func (e *WriteError) Error() string { return fmt.Sprintf("ledger %s: %v", e.Op, e.Err) }

// Unwrap returns the cause.
func (e *WriteError) Unwrap() error { return e.Err }

// AlertRef identifies one alert occurrence: its fingerprint and start time.
type AlertRef struct {
	Fingerprint string    `json:"fp"`
	StartsAt    time.Time `json:"starts_at"`
}

// Ack is who acknowledged an emergency, and when. By is a recipient name or
// "a member of <recipient>"; never a user key.
type Ack struct {
	At     time.Time `json:"at"`
	By     string    `json:"by"`
	Device string    `json:"device,omitempty"`
	// Via says how: "" for Pushover (a receipt poll or its callback),
	// "the action page" for the bridge's own page.
	Via string `json:"via,omitempty"`
}

// Emergency is one emergency message Pushover accepted for one recipient.
type Emergency struct {
	Receipt   string `json:"receipt"`
	Tag       string `json:"tag"`
	Receiver  string `json:"receiver"` // the Alertmanager receiver
	GroupKey  string `json:"group_key"`
	Route     string `json:"route"`
	Recipient string `json:"recipient"` // the recipient's name
	// Level is the escalation level that sent it (2 and up); 0 for a page
	// of the route's own recipients.
	Level  int        `json:"level,omitempty"`
	Alerts []AlertRef `json:"alerts"` // the firing alerts it was sent for
	// Labels are the labels of each of Alerts, in the same order, for the
	// silences created on acknowledgement.
	Labels []map[string]string `json:"labels,omitempty"`
	// ExternalURL is Alertmanager's external URL from the payload.
	ExternalURL string `json:"external_url,omitempty"`
	// SilenceFor is the route's silence_on_ack when it was sent.
	SilenceFor time.Duration `json:"silence_for,omitempty"`
	SentAt     time.Time     `json:"sent_at"`
	ExpiresAt  time.Time     `json:"expires_at"`
	Ack        *Ack          `json:"ack,omitempty"`
	Cancelled  time.Time     `json:"cancelled,omitzero"`
	Expired    bool          `json:"expired,omitempty"` // Pushover said so (or forgot the receipt)
	Touched    time.Time     `json:"touched"`           // the last change
}

// Ringing reports whether the emergency still asks for acknowledgement at now.
func (e *Emergency) Ringing(now time.Time) bool {
	return e.Ack == nil && e.Cancelled.IsZero() && !e.Expired && now.Before(e.ExpiresAt)
}

// Covers reports whether every alert of refs is among the emergency's alerts.
func (e *Emergency) Covers(refs []AlertRef) bool {
	for _, r := range refs {
		if !containsRef(e.Alerts, r) {
			return false
		}
	}
	return true
}

// Overlaps reports whether any alert of refs is among the emergency's alerts.
func (e *Emergency) Overlaps(refs []AlertRef) bool {
	for _, r := range refs {
		if containsRef(e.Alerts, r) {
			return true
		}
	}
	return false
}

// HasFingerprint reports whether any of the emergency's alerts has one of fps.
func (e *Emergency) HasFingerprint(fps []string) bool {
	for _, a := range e.Alerts {
		for _, fp := range fps {
			if a.Fingerprint == fp {
				return true
			}
		}
	}
	return false
}

func containsRef(refs []AlertRef, r AlertRef) bool {
	for _, x := range refs {
		if x.Fingerprint == r.Fingerprint && x.StartsAt.Equal(r.StartsAt) {
			return true
		}
	}
	return false
}

// expiry is when a record may be pruned: retention after its last change,
// and never while Pushover may still ring it.
func (e *Emergency) expiry(retention time.Duration) time.Time {
	last := e.Touched
	if e.ExpiresAt.After(last) {
		last = e.ExpiresAt
	}
	return last.Add(retention)
}

func (e *Emergency) clone() Emergency {
	c := *e
	if e.Ack != nil {
		a := *e.Ack
		c.Ack = &a
	}
	return c
}

// Observer hears what the ledger wants reported; *Metrics is one.
type Observer interface {
	// LedgerError is called for every failed write (op names it).
	LedgerError(op string)
	// LedgerHealthy is called whenever health is (re)established or lost.
	LedgerHealthy(ok bool)
	// EmergenciesOutstanding is called with the number of ringing emergencies after each change.
	EmergenciesOutstanding(n int)
}

type nopObserver struct{}

func (nopObserver) LedgerError(string)         {}
func (nopObserver) LedgerHealthy(bool)         {}
func (nopObserver) EmergenciesOutstanding(int) {}

// Options configure a Local ledger.
type Options struct {
	Retention   time.Duration // DefaultRetention when zero
	OpenTimeout time.Duration // DefaultOpenTimeout when zero
	Now         func() time.Time
	Observer    Observer // nil: nothing is reported
}

func (o Options) withDefaults() Options {
	if o.Retention <= 0 {
		o.Retention = DefaultRetention
	}
	if o.OpenTimeout <= 0 {
		o.OpenTimeout = DefaultOpenTimeout
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Observer == nil {
		o.Observer = nopObserver{}
	}
	return o
}
