package receiver

import (
	"net/http"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// Answer is the JSON body of every response to POST /alerts.
type Answer struct {
	Status     string            `json:"status"` // success, retry, failed or error
	Error      string            `json:"error,omitempty"`
	Deliveries []pipeline.Result `json:"deliveries,omitempty"`
}

// StatusCode is the one place that maps the outcomes of a request to the
// answer Alertmanager acts on (it retries 5xx only):
//   - 503 when anything failed that may pass (Alertmanager retries; the
//     ledger keeps the retry from re-sending what was accepted);
//   - 422 when Pushover refused permanently, or a schedule paged had no
//     one on call, and nothing is retryable;
//   - 200 otherwise: sent, deduplicated, skipped, dry run or unrouted.
func StatusCode(results []pipeline.Result) (int, string) {
	code, status := http.StatusOK, "success"
	for _, r := range results {
		switch r.Outcome {
		case pipeline.OutcomeFailedRetryable:
			return http.StatusServiceUnavailable, "retry"
		case pipeline.OutcomeFailedPermanent, pipeline.OutcomeNoOneOnCall:
			code, status = http.StatusUnprocessableEntity, "failed"
		}
	}
	return code, status
}
