package pipeline

import (
	"errors"
	"time"
)

// Outcome is what became of one delivery; it is a metric label value.
type Outcome string

// The outcomes of a delivery.
const (
	OutcomeSent Outcome = "sent"
	// OutcomeDigested: accepted as part of a digest (one message folding
	// several to the same recipient in a storm); Result.Request is the
	// digest's.
	OutcomeDigested        Outcome = "digested"
	OutcomeDryRun          Outcome = "dry_run"
	OutcomeDeduplicated    Outcome = "deduplicated"     // already accepted: a retry
	OutcomeSkipped         Outcome = "skipped"          // resolved on a route without send_resolved
	OutcomeRinging         Outcome = "still_ringing"    // an emergency for these alerts still rings: not re-paged
	OutcomeFailedRetryable Outcome = "failed_retryable" // may pass: Alertmanager should retry
	OutcomeFailedPermanent Outcome = "failed_permanent" // retrying cannot help
	OutcomeUnrouted        Outcome = "unrouted"         // alerts that matched no route
	OutcomeNoOneOnCall     Outcome = "no_one_on_call"   // the schedule paged has no one on call
	// OutcomeFallbackSent: the recipient's destination could not deliver
	// (Result.Error says why); the route's fallback recipients got it
	// (Result.Fallback).
	OutcomeFallbackSent Outcome = "fallback_sent"
	// OutcomeCancelled: an emergency the ledger knew was cancelled, for a
	// route or recipient that sends nothing in this webhook (renamed,
	// lowered, or no longer routed since it was sent).
	OutcomeCancelled Outcome = "cancelled"
)

// Errors reported in a Result's Error.
var (
	// ErrNotStarted: the delivery did not start within receiver.timeout.
	ErrNotStarted = errors.New("not started within receiver.timeout")
	// ErrNotFinished: the delivery did not finish within receiver.timeout;
	// it goes on, and the ledger keeps the retry from doubling it.
	ErrNotFinished = errors.New("not finished within receiver.timeout")
	// ErrRefusedBefore: Pushover refused the same message within
	// receiver.dedup_window; the request is not repeated.
	ErrRefusedBefore = errors.New("Pushover refused this message earlier (within receiver.dedup_window); the request is not repeated")
	// ErrHeldElsewhere: the same delivery is being sent (by another
	// replica), or an earlier attempt got no answer and Pushover may have
	// accepted it: it is not sent again for now.
	ErrHeldElsewhere = errors.New("the same delivery is in flight, or an earlier attempt may yet be accepted by Pushover: not sent again for now")
)

// Result is the answer's account of one delivery. It names the recipient,
// never its key.
type Result struct {
	Route     string  `json:"route"`
	Recipient string  `json:"recipient,omitempty"`
	Schedule  string  `json:"schedule,omitempty"` // the schedule Recipient was on call for
	Alerts    int     `json:"alerts"`
	Outcome   Outcome `json:"outcome"`
	Priority  string  `json:"priority,omitempty"`
	Request   string  `json:"request,omitempty"` // Pushover's request id
	// Cancelled is how many emergencies Pushover said it cancelled first.
	Cancelled int    `json:"cancelled,omitempty"`
	Error     string `json:"error,omitempty"`
	// Fallback are the deliveries to the route's fallback recipients, when
	// this one went there.
	Fallback []Result `json:"fallback,omitempty"`

	reason     string // why the delivery goes to the fallback; "" when it does not
	isFallback bool   // a delivery to a fallback recipient
}

// classify maps a failed send or cancel to an outcome. A quota error is
// retryable only when the destination's quota resets within window of
// now: a quota that resets in days would make Alertmanager retry in vain,
// so that answers 422 instead (and is logged loudly and counted either
// way). A quota error without a reset time is permanent. An error that is
// no *DestinationError (a deadline, an unknown failure) may pass.
func classify(err error, now time.Time, window time.Duration) (o Outcome, quota bool) {
	var de *DestinationError
	if !errors.As(err, &de) {
		return OutcomeFailedRetryable, false
	}
	switch de.Class {
	case Quota:
		if !de.Reset.IsZero() && de.Reset.Sub(now) <= window {
			return OutcomeFailedRetryable, true
		}
		return OutcomeFailedPermanent, true
	case Permanent:
		return OutcomeFailedPermanent, false
	}
	return OutcomeFailedRetryable, false
}
