package receiver

import (
	"bytes"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// TestNoSecretsInLogsOrAnswers runs whole requests, with debug logging,
// through failures whose error texts carry the secrets, and a dry run.
func TestNoSecretsInLogsOrAnswers(t *testing.T) {
	secrets := []string{testToken, oncallKey, teamKey, bearerToken}
	leaky := func(e envelope) error {
		return &pushover.TemporaryError{Endpoint: "messages",
			Err: fmt.Errorf("post token=%s user=%s: %w", testToken, e.Message.Users[0], errors.New("reset"))}
	}
	for _, tc := range []struct {
		name    string
		sendErr func(envelope) error
		dryRun  bool
	}{
		{"accepted", nil, false},
		{"leaky errors", leaky, false},
		{"dry run", nil, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting, func(rt *Runtime) { rt.Token = bearerToken })
			f.sender.sendErr = tc.sendErr
			f.sender.cancelErr = func(pipeline.Cancellation) error {
				return leaky(envelope{Message: &pushover.Message{Users: []string{teamKey}}})
			}
			var logs bytes.Buffer
			logger := level.NewFilter(log.NewLogfmtLogger(log.NewSyncWriter(&logs)), level.AllowDebug())
			rt := f.h.Runtime()
			if tc.dryRun {
				rt.Pipeline.Notifiers, rt.Pipeline.DryRun = pipeline.DryRunAll(rt.Pipeline.Notifiers, logger), true
			}
			f.logger = logger
			f.build(rt)
			h := f.h
			var answers bytes.Buffer
			for _, p := range []string{"01-firing-first.json", "04-all-resolved.json", "05-warning-first.json"} {
				req := httptest.NewRequest(http.MethodPost, "/alerts", bytes.NewReader(readPayload(t, p)))
				req.Header.Set("Authorization", "Bearer "+bearerToken)
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, req)
				answers.Write(rec.Body.Bytes())
			}
			require.Contains(t, logs.String(), "level=debug")
			for _, s := range secrets {
				require.NotContains(t, logs.String(), s)
				require.NotContains(t, answers.String(), s)
			}
			if tc.sendErr != nil {
				require.Contains(t, answers.String(), "token=\\u003csecret\\u003e")
			}
			if tc.dryRun {
				require.Contains(t, logs.String(), `msg="would send message" route=page recipient=oncall`)
				require.Contains(t, logs.String(), `msg="would cancel emergencies by tag"`)
				require.Contains(t, answers.String(), `"outcome":"dry_run"`)
			}
		})
	}
}
