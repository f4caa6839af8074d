package receiver

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// Outcome is what became of one delivery; it is a metric label value.
type Outcome string

// The outcomes of a delivery.
const (
	OutcomeSent            Outcome = "sent"
	OutcomeDryRun          Outcome = "dry_run"
	OutcomeDeduplicated    Outcome = "deduplicated"     // already accepted: a retry
	OutcomeSkipped         Outcome = "skipped"          // resolved on a route without send_resolved
	OutcomeRinging         Outcome = "still_ringing"    // an emergency for these alerts still rings: not re-paged
	OutcomeFailedRetryable Outcome = "failed_retryable" // may pass: Alertmanager should retry
	OutcomeFailedPermanent Outcome = "failed_permanent" // retrying cannot help
	OutcomeUnrouted        Outcome = "unrouted"         // alerts that matched no route
)

// Result is the answer's account of one delivery. It names the recipient,
// never its key.
type Result struct {
	Route     string  `json:"route"`
	Recipient string  `json:"recipient,omitempty"`
	Alerts    int     `json:"alerts"`
	Outcome   Outcome `json:"outcome"`
	Priority  string  `json:"priority,omitempty"`
	Request   string  `json:"request,omitempty"` // Pushover's request id
	Cancelled bool    `json:"cancelled,omitempty"`
	Error     string  `json:"error,omitempty"`
}

// Answer is the JSON body of every response to POST /alerts.
type Answer struct {
	Status     string   `json:"status"` // success, retry, failed or error
	Error      string   `json:"error,omitempty"`
	Deliveries []Result `json:"deliveries,omitempty"`
}

// classify maps a failed send or cancel to an outcome. A quota error is
// retryable only when Pushover's reset is within window of now: a quota
// that resets in days would make Alertmanager retry in vain, so that
// answers 422 instead (and is logged loudly and counted either way). A
// quota error without a reset time is permanent.
func classify(err error, now time.Time, window time.Duration) (o Outcome, quota bool) {
	var qe *pushover.QuotaError
	switch {
	case errors.As(err, &qe):
		if !qe.Reset.IsZero() && qe.Reset.Sub(now) <= window {
			return OutcomeFailedRetryable, true
		}
		return OutcomeFailedPermanent, true
	case pushover.IsRetryable(err),
		errors.Is(err, context.DeadlineExceeded), errors.Is(err, context.Canceled):
		return OutcomeFailedRetryable, false
	case isPermanent(err):
		return OutcomeFailedPermanent, false
	}
	return OutcomeFailedRetryable, false // unknown: it may pass
}

func isPermanent(err error) bool {
	var ae *pushover.APIError
	var ve *pushover.ValidationError
	return errors.As(err, &ae) || errors.As(err, &ve)
}

// StatusCode is the one place that maps the outcomes of a request to the
// answer Alertmanager acts on (it retries 5xx only):
//   - 503 when anything failed that may pass (Alertmanager retries; the
//     ledger keeps the retry from re-sending what was accepted);
//   - 422 when Pushover refused permanently and nothing is retryable;
//   - 200 otherwise: sent, deduplicated, skipped, dry run or unrouted.
func StatusCode(results []Result) (int, string) {
	code, status := http.StatusOK, "success"
	for _, r := range results {
		switch r.Outcome {
		case OutcomeFailedRetryable:
			return http.StatusServiceUnavailable, "retry"
		case OutcomeFailedPermanent:
			code, status = http.StatusUnprocessableEntity, "failed"
		}
	}
	return code, status
}
