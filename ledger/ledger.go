package ledger

import (
	"context"
	"time"
)

// Ledger is what the bridge remembers, behind one small interface so that
// one replica can keep it in a local file (Local) and several can share
// it in a store such as Redis. Every method takes a context and may fail;
// implementations must be safe for concurrent use, and must never hold a
// secret (records name routes and recipients, never keys).
//
// Deliveries. Before sending a delivery (one message to one recipient),
// the pipeline claims its key (see DeliveryKey in package pipeline):
//
//	c, err := l.Claim(ctx, key, ClaimRequest{Holder: id, TTL: ttl})
//	switch c.State {
//	case Claimed:  send; then Accept (Pushover took it), Refuse (Pushover
//	               refused it for good) or Release (it may pass on a retry)
//	case Accepted: already sent at c.At: do not send again
//	case Refused:  Pushover refused it at c.At: do not repeat the request
//	case Held:     another replica or request is sending it right now
//	}
//
// Claim is atomic across everyone sharing the ledger, so two replicas
// receiving the same webhook (Alertmanager in HA sends it to both) send
// it once. A claim that is neither accepted nor released expires after
// its TTL (a crashed holder).
//
// Emergencies. Each emergency message Pushover accepted is recorded with
// its receipt (AddEmergency); acknowledgements, expiry and cancellation
// change the record; Emergencies finds records by group, tag or alert.
//
// Leases. Lease elects one holder for a background job (the receipt
// poller) among replicas; a single-process ledger grants it to anyone.
type Ledger interface {
	// Claim takes the delivery key for r.Holder unless Pushover already
	// accepted or refused it (since r.AcceptedSince or r.RefusedSince) or
	// another holder's unexpired claim holds it. See ClaimState.
	Claim(ctx context.Context, key string, r ClaimRequest) (Claim, error)
	// Accept turns holder's claim of key into the record that Pushover
	// accepted the delivery at at. It records even without a claim.
	Accept(ctx context.Context, key, holder string, at time.Time) error
	// Refuse turns holder's claim of key into the record that Pushover
	// refused the delivery for good at at.
	Refuse(ctx context.Context, key, holder string, at time.Time) error
	// Release drops holder's claim of key, recording nothing: the delivery
	// failed in a way a retry may pass.
	Release(ctx context.Context, key, holder string) error

	// AddEmergency records an emergency message Pushover accepted.
	AddEmergency(ctx context.Context, e Emergency) error
	// Emergency returns the emergency of receipt; ok is false when unknown.
	Emergency(ctx context.Context, receipt string) (e Emergency, ok bool, err error)
	// Emergencies returns the emergencies that f selects, oldest first.
	Emergencies(ctx context.Context, f Filter) ([]Emergency, error)
	// Acknowledge records the first acknowledgement of receipt; first is
	// false when the receipt is unknown or was acknowledged before. e is
	// the record after the change.
	Acknowledge(ctx context.Context, receipt string, ack Ack) (e Emergency, first bool, err error)
	// Expire records that Pushover no longer rings receipt (expired or
	// forgotten).
	Expire(ctx context.Context, receipt string) error
	// Cancel records that receipt was cancelled at at.
	Cancel(ctx context.Context, receipt string, at time.Time) error

	// Lease grants the lease name to holder for ttl when nobody else holds
	// it (or holder renews it), and reports whether holder has it.
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	// Health is nil when every change so far was stored durably (or the
	// ledger is memory-only by choice); else why not. The bridge keeps
	// delivering either way, and reports the problem.
	Health(ctx context.Context) error
	// Close stores nothing more and frees the ledger's resources.
	Close() error
}

// ClaimState is what a Claim found.
type ClaimState int

// The states of a claim.
const (
	// Claimed: the caller holds the key now; it must Accept, Refuse or
	// Release it.
	Claimed ClaimState = iota
	// Accepted: Pushover accepted this delivery at Claim.At.
	Accepted
	// Refused: Pushover refused this delivery for good at Claim.At.
	Refused
	// Held: another holder's claim of the key has not expired.
	Held
)

// String names the state.
func (s ClaimState) String() string {
	switch s {
	case Claimed:
		return "claimed"
	case Accepted:
		return "accepted"
	case Refused:
		return "refused"
	case Held:
		return "held"
	}
	return "ClaimState(?)"
}

// ClaimRequest asks for a delivery key.
type ClaimRequest struct {
	// Holder names who claims (a replica and request); a claim by the same
	// holder is granted again, with the new TTL (so a holder extends its
	// claim by claiming again).
	Holder string
	// TTL bounds the claim: after it, a claim never accepted nor released
	// (its holder crashed) no longer holds the key.
	TTL time.Duration
	// AcceptedSince: an acceptance before it does not count (a genuine
	// reminder); zero counts every acceptance the ledger holds.
	AcceptedSince time.Time
	// RefusedSince: a refusal before it does not count; zero counts all.
	RefusedSince time.Time
}

// Claim is the answer to a ClaimRequest.
type Claim struct {
	State ClaimState
	// At is when the delivery was accepted or refused.
	At time.Time
}

// Filter selects emergencies; a zero field selects all.
type Filter struct {
	Tag      string
	Receiver string
	GroupKey string
	// Source is the externalURL of the Alertmanager that sent the webhook.
	Source string
	// Fingerprints selects emergencies sent for any alert with one of
	// these fingerprints (in any firing episode).
	Fingerprints []string
	// RingingAt selects emergencies still ringing at this time.
	RingingAt time.Time
	// SentAfter selects emergencies sent after this time.
	SentAfter time.Time
}

// Match reports whether f selects e.
func (f *Filter) Match(e *Emergency) bool {
	switch {
	case f.Tag != "" && e.Tag != f.Tag,
		f.Receiver != "" && e.Receiver != f.Receiver,
		f.GroupKey != "" && e.GroupKey != f.GroupKey,
		f.Source != "" && e.ExternalURL != f.Source,
		len(f.Fingerprints) > 0 && !e.HasFingerprint(f.Fingerprints),
		!f.RingingAt.IsZero() && !e.Ringing(f.RingingAt),
		!f.SentAfter.IsZero() && !e.SentAt.After(f.SentAfter):
		return false
	}
	return true
}
