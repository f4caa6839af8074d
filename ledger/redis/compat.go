package redisledger

// This file mirrors the types of the split's ledger package (the Ledger
// interface's claim protocol and emergency filter) until that package is
// merged; they are then replaced by ledger.ClaimRequest and the others.

import (
	"context"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// ClaimState is what a Claim found.
type ClaimState int

// The states of a claim.
const (
	Claimed ClaimState = iota
	Accepted
	Refused
	Held
)

// ClaimRequest asks for a delivery key.
type ClaimRequest struct {
	Holder        string
	TTL           time.Duration
	AcceptedSince time.Time
	RefusedSince  time.Time
}

// Claim is the answer to a ClaimRequest.
type Claim struct {
	State ClaimState
	At    time.Time
}

// Filter selects emergencies; a zero field selects all.
type Filter struct {
	Tag       string
	Receiver  string
	GroupKey  string
	Source    string
	Alerts    []ledger.AlertRef
	RingingAt time.Time
	SentAfter time.Time
}

// Match reports whether f selects e.
func (f *Filter) Match(e *ledger.Emergency) bool {
	switch {
	case f.Tag != "" && e.Tag != f.Tag,
		f.Receiver != "" && e.Receiver != f.Receiver,
		f.GroupKey != "" && e.GroupKey != f.GroupKey,
		f.Source != "" && e.ExternalURL != f.Source,
		len(f.Alerts) > 0 && !e.Overlaps(f.Alerts),
		!f.RingingAt.IsZero() && !e.Ringing(f.RingingAt),
		!f.SentAfter.IsZero() && !e.SentAt.After(f.SentAfter):
		return false
	}
	return true
}

// ledgerInterface is the split's ledger.Ledger.
type ledgerInterface interface {
	Claim(ctx context.Context, key string, r ClaimRequest) (Claim, error)
	Accept(ctx context.Context, key, holder string, at time.Time) error
	Refuse(ctx context.Context, key, holder string, at time.Time) error
	Release(ctx context.Context, key, holder string) error
	AddEmergency(ctx context.Context, e ledger.Emergency) error
	Emergency(ctx context.Context, receipt string) (e ledger.Emergency, ok bool, err error)
	Emergencies(ctx context.Context, f Filter) ([]ledger.Emergency, error)
	Acknowledge(ctx context.Context, receipt string, ack ledger.Ack) (e ledger.Emergency, first bool, err error)
	Expire(ctx context.Context, receipt string) error
	Cancel(ctx context.Context, receipt string, at time.Time) error
	Lease(ctx context.Context, name, holder string, ttl time.Duration) (bool, error)
	Health(ctx context.Context) error
	Close() error
}

var _ ledgerInterface = (*Ledger)(nil)
