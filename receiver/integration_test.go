package receiver

import (
	"context"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// newIntegrated wires the handler to the real templates, the real client
// and the fake Pushover. The test keys are the fake's demo account.
func newIntegrated(t *testing.T, routes string, tweak ...func(*Runtime)) (*fixture, *pushovertest.Server) {
	t.Helper()
	srv := pushovertest.New(t, pushovertest.WithDemoAccount())
	f := newFixture(t, routes, tweak...)
	f.api = pushover.NewMetrics(prometheus.NewRegistry())
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(srv.URL), pushover.WithObserver(f.api),
		pushover.WithSleep(func(context.Context, time.Duration) error { return nil })) // no 5 s pause after failures
	require.NoError(t, err)
	tmpl, err := templates.New(nil)
	require.NoError(t, err)
	rt := *f.h.Runtime()
	rt.Pipeline.Templates = tmpl
	setNotifier(&rt, routing.KindPushover, pushovernotify.New(client, nil))
	f.build(&rt)
	t.Cleanup(func() { f.wait(t) })
	return f, srv
}

func TestAgainstFakePushover(t *testing.T) {
	for _, tc := range []struct {
		name     string
		fault    pushovertest.FaultKind
		quotaWin time.Duration
		code     int
		outcomes []string
	}{
		{"accepted", "", 0, 200, []string{"page/oncall=sent", "page/team=sent"}},
		{"html 5xx", pushovertest.Fault502, 0, 503, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}},
		{"json 503", pushovertest.Fault503JSON, 0, 503, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}},
		{"closed connection", pushovertest.FaultClose, 0, 503, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}},
		{"hang past the timeout", pushovertest.FaultHang, 0, 503, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}},
		{"429, reset far", pushovertest.Fault429, 0, 422, []string{"page/oncall=failed_permanent", "page/team=failed_permanent"}},
		{"429, reset near enough", pushovertest.Fault429, 24 * 366 * time.Hour, 503, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}},
		{"status 0", pushovertest.FaultStatus0, 0, 422, []string{"page/oncall=failed_permanent", "page/team=failed_permanent"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, srv := newIntegrated(t, testRouting, func(rt *Runtime) {
				rt.Config.QuotaRetryWindow = model.Duration(tc.quotaWin)
				rt.Config.Timeout = model.Duration(500 * time.Millisecond)
			})
			if tc.fault != "" {
				srv.Inject(pushovertest.Fault{Kind: tc.fault, Endpoint: "messages", Count: 2})
			}
			code, a := f.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, tc.code, code, "%+v", a)
			require.ElementsMatch(t, tc.outcomes, outcomes(a))
			require.LessOrEqual(t, srv.PeakConcurrentRequests(), pushover.MaxConcurrent)
			if tc.fault != pushovertest.FaultHang { // a hung request is observed when it ends
				require.Positive(t, testutil.CollectAndCount(f.api.Requests))
			}
		})
	}
}

func TestInvalidUserKeyIsPermanent(t *testing.T) {
	routes := `
recipients:
  gone: {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsX}
routes: [{name: all, to: [gone]}]
`
	f, _ := newIntegrated(t, routes)
	f.h.Runtime().Pipeline.Secrets = append(f.h.Runtime().Pipeline.Secrets, "uQiRzpo4DXghDmr9QzzfQu27cmVRsX")
	code, a := f.post(t, readPayload(t, "05-warning-first.json"))
	require.Equal(t, 422, code)
	require.Equal(t, []string{"all/gone=failed_permanent"}, outcomes(a))
	require.NotContains(t, a.Deliveries[0].Error, "uQiRzpo4DXghDmr9QzzfQu27cmVRsX")
	require.NotContains(t, f.logs.String(), "uQiRzpo4DXghDmr9QzzfQu27cmVRsX")
}

func TestFakePushoverRetryAfterPartialFailure(t *testing.T) {
	f, srv := newIntegrated(t, testRouting, func(rt *Runtime) { rt.Config.MaxConcurrency = 1 })
	body := readPayload(t, "01-firing-first.json")
	// The first message goes through; the second meets a 503.
	srv.Inject(pushovertest.Fault{Kind: pushovertest.FaultNoLimits, Endpoint: "messages"})
	srv.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages"})
	code, a := f.post(t, body)
	require.Equal(t, 503, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=failed_retryable"}, outcomes(a))

	code, a = f.post(t, body)
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=deduplicated", "page/team=sent"}, outcomes(a))
	require.Len(t, srv.Messages(), 2)
	require.Zero(t, srv.DuplicateMessages())
}

func TestFakePushoverCancelsTheEmergencyOnResolve(t *testing.T) {
	f, srv := newIntegrated(t, testRouting, func(rt *Runtime) { rt.Config.MaxConcurrency = 1 })
	code, _ := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	receipts := srv.Receipts()
	require.Len(t, receipts, 2)
	for _, r := range receipts {
		require.Len(t, r.Tags, 1)
		require.False(t, r.Canceled)
	}

	code, a := f.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code, "%+v", a)
	for _, r := range srv.Receipts() {
		require.True(t, r.Canceled, "receipt %s with tags %v", r.ID, r.Tags)
	}
	var endpoints []string
	for _, r := range srv.Requests() {
		endpoints = append(endpoints, r.Endpoint)
	}
	require.Equal(t, []string{"messages", "messages", "cancel", "messages", "cancel", "messages"}, endpoints,
		"each recipient's emergency is cancelled by its receipt before its resolved message")
	last := srv.Messages()[3]
	require.Equal(t, int(pushover.PriorityLow), last.Priority)
}

func TestRefusedMessageIsNotRepeatedOnRetry(t *testing.T) {
	routes := `
recipients:
  oncall: {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsG}
  gone:   {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsX}
routes: [{name: all, to: [oncall, gone]}]
`
	f, srv := newIntegrated(t, routes, func(rt *Runtime) { rt.Config.MaxConcurrency = 1 })
	body := readPayload(t, "05-warning-first.json")
	// oncall's message meets a 503; gone's is refused (unknown user: 400).
	srv.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "messages", Count: 1})
	code, a := f.post(t, body)
	require.Equal(t, 503, code, "%+v", a)
	require.Equal(t, []string{"all/oncall=failed_retryable", "all/gone=failed_permanent"}, outcomes(a))
	require.Len(t, srv.Requests(), 2)

	// Alertmanager retries for oncall; the refused request is not replayed.
	code, a = f.post(t, body)
	require.Equal(t, 422, code, "%+v", a)
	require.Equal(t, []string{"all/oncall=sent", "all/gone=failed_permanent"}, outcomes(a))
	require.Len(t, srv.Requests(), 3, "only oncall's message is sent again")
	require.Len(t, srv.Messages(), 1)
	require.Contains(t, a.Deliveries[1].Error, "refused this message earlier")
}
