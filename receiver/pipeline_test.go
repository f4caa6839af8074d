package receiver

import (
	"context"
	"errors"
	"regexp"
	"strconv"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

func TestPlanSplitsSharedPayloads(t *testing.T) {
	f := newFixture(t, testRouting)
	rt := f.h.Runtime()
	for _, tc := range []struct {
		payload  string
		plan     []string // route/recipient/status/priority/alerts
		unrouted int
	}{
		{"01-firing-first.json", []string{"page/oncall/firing/emergency/2", "page/team/firing/emergency/2"}, 0},
		{"02-firing-repeat.json", []string{"page/oncall/firing/emergency/2", "page/team/firing/emergency/2"}, 0},
		{"03-some-resolved.json", []string{"page/oncall/firing/emergency/2", "page/team/firing/emergency/2"}, 0},
		{"04-all-resolved.json", []string{"page/oncall/resolved/low/1", "page/team/resolved/low/1"}, 0},
		{"05-warning-first.json", []string{"warn/team/firing/normal/1"}, 0},
		{"06-storm-truncated.json", []string{"page/oncall/firing/emergency/25", "page/team/firing/emergency/25"}, 0},
		{"alertmanager-0.31.1/01-firing.json", []string{"page/oncall/firing/emergency/1", "page/team/firing/emergency/1"}, 0},
		{"alertmanager-0.31.1/02-resolved.json", []string{"page/oncall/resolved/low/1", "page/team/resolved/low/1"}, 0},
	} {
		t.Run(tc.payload, func(t *testing.T) {
			ns, unrouted := plan(rt, loadPayload(t, tc.payload))
			var got []string
			for _, n := range ns {
				got = append(got, n.Route.Name+"/"+n.Recipient.Name+"/"+n.Status+"/"+n.Priority.String()+"/"+strconv.Itoa(len(n.Alerts)))
				msg := messageOf(rt, n)
				require.Equal(t, n.Priority, msg.Priority)
				require.Equal(t, []string{n.Recipient.UserKey}, msg.Users)
			}
			require.Equal(t, tc.plan, got)
			require.Len(t, unrouted, tc.unrouted)
		})
	}
}

func TestPlanMessageFields(t *testing.T) {
	f := newFixture(t, testRouting)
	rt := f.h.Runtime()
	ns, _ := plan(rt, loadPayload(t, "01-firing-first.json"))
	m := messageOf(rt, ns[1])
	require.Equal(t, pushover.PriorityEmergency, m.Priority)
	require.Equal(t, "siren", m.Sound)
	require.Equal(t, time.Minute, m.Retry)
	require.Equal(t, time.Hour, m.Expire)
	require.Equal(t, []string{ns[1].Tag}, m.Tags)
	require.Equal(t, []string{"phone"}, m.Devices)
	require.True(t, m.HTML)
	require.Equal(t, "page firing emergency", m.Title)
	require.Regexp(t, regexp.MustCompile(`^amp-[0-9a-f]{20}$`), ns[1].Tag)
	require.NotEqual(t, ns[0].Tag, ns[1].Tag, "one tag per recipient")

	ns, _ = plan(rt, loadPayload(t, "04-all-resolved.json"))
	m = messageOf(rt, ns[0])
	require.Equal(t, pushover.PriorityLow, m.Priority)
	require.Equal(t, "magic", m.Sound)
	require.Empty(t, m.Tags)
	require.Zero(t, m.Retry)
	require.True(t, ns[0].Cancel)
}

func TestResolvedWithoutSendResolved(t *testing.T) {
	routes := testRouting + "    send_resolved: false\n" // applies to "warn"
	f := newFixture(t, routes)
	code, a := f.post(t, readPayload(t, "05-warning-first.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"warn/team=sent"}, outcomes(a))

	resolved := readPayload(t, "05-warning-first.json")
	resolved = regexp.MustCompile(`"status":"firing"`).ReplaceAll(resolved, []byte(`"status":"resolved"`))
	code, a = f.post(t, resolved)
	require.Equal(t, 200, code)
	require.Equal(t, []string{"warn/team=skipped"}, outcomes(a))
	require.Equal(t, []string{"send team"}, f.sender.Calls(), "no resolved message, no cancel on a normal route")
}

func TestPartialResolveSendsOneFiringMessage(t *testing.T) {
	f := newFixture(t, testRouting)
	code, a := f.post(t, readPayload(t, "03-some-resolved.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	sent := f.sender.Sent()
	require.Len(t, sent, 2)
	require.Equal(t, pushover.PriorityEmergency, sent[0].Message.Priority)
	require.Equal(t, "api-1:9090 firing\napi-2:9090 resolved", sent[0].Message.Message)
	require.ElementsMatch(t, []string{"send oncall", "send team"}, f.sender.Calls(), "no cancel while an alert fires")
}

func TestRetryAfterPartialFailureSendsOnlyWhatFailed(t *testing.T) {
	f := newFixture(t, testRouting)
	body := readPayload(t, "01-firing-first.json")
	f.sender.sendErr = func(e envelope) error {
		if e.Recipient == "team" {
			return &pushover.TemporaryError{Endpoint: "messages", StatusCode: 503, Err: errors.New("unavailable")}
		}
		return nil
	}
	code, a := f.post(t, body)
	require.Equal(t, 503, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=failed_retryable"}, outcomes(a))

	f.sender.sendErr = nil
	code, a = f.post(t, body)
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=deduplicated", "page/team=sent"}, outcomes(a))
	var to []string
	for _, e := range f.sender.Sent() {
		to = append(to, e.Recipient)
	}
	require.Equal(t, []string{"oncall", "team"}, to, "each recipient paged exactly once")
	require.Equal(t, 1.0, testutil.ToFloat64(f.pm.Deliveries.WithLabelValues("page", "deduplicated")))
}

func TestRepeatIsAReminderAfterTheDedupWindow(t *testing.T) {
	for _, tc := range []struct {
		name, first, repeat string
	}{
		{"0.34.2", "01-firing-first.json", "02-firing-repeat.json"},
		{"0.31.1 without notification_reason", "alertmanager-0.31.1/01-firing.json", "alertmanager-0.31.1/01-firing.json"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting)
			_, a := f.post(t, readPayload(t, tc.first))
			require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))

			f.clock.Add(time.Minute) // an Alertmanager retry: same page
			_, a = f.post(t, readPayload(t, tc.repeat))
			require.Equal(t, []string{"page/oncall=deduplicated", "page/team=deduplicated"}, outcomes(a))

			f.clock.Add(4 * time.Hour) // repeat_interval elapsed: a reminder
			_, a = f.post(t, readPayload(t, tc.repeat))
			require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
		})
	}
}

func TestFirstNotificationIsNeverResentFromTheLedger(t *testing.T) {
	f := newFixture(t, testRouting)
	body := readPayload(t, "01-firing-first.json")
	f.post(t, body)
	f.clock.Add(time.Hour) // e.g. Alertmanager lost its notification log
	_, a := f.post(t, body)
	require.Equal(t, []string{"page/oncall=deduplicated", "page/team=deduplicated"}, outcomes(a))
}

func TestResolvedCancelsTheEmergencyFirst(t *testing.T) {
	f := newFixture(t, testRouting)
	_, _ = f.post(t, readPayload(t, "01-firing-first.json"))
	tags := map[string]string{}
	for _, e := range f.sender.Sent() {
		require.Len(t, e.Message.Tags, 1)
		tags[e.Recipient] = e.Message.Tags[0]
	}

	f.sender = &fakeSender{}
	rt := *f.h.Runtime()
	setNotifier(&rt, routing.KindPushover, f.sender)
	f.h.SetRuntime(&rt)
	code, a := f.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	for _, d := range a.Deliveries {
		require.Equal(t, 1, d.Cancelled, "the fake answers canceled: 1")
	}
	calls := f.sender.Calls()
	for _, who := range []string{"oncall", "team"} {
		ci := indexOf(calls, "cancel "+who+" "+tags[who])
		si := indexOf(calls, "send "+who)
		require.True(t, ci >= 0 && si > ci, "cancel %s before its resolved message: %v", who, calls)
	}
	for _, e := range f.sender.Sent() {
		require.Equal(t, pushover.PriorityLow, e.Message.Priority)
	}
	require.Equal(t, 2.0, testutil.ToFloat64(f.pm.Cancellations.WithLabelValues("ok")))
}

func TestRetryableCancelFailureHoldsTheResolvedMessage(t *testing.T) {
	f := newFixture(t, testRouting)
	f.sender.cancelErr = func(c pipeline.Cancellation) error {
		return &pushover.TemporaryError{Endpoint: "cancel_by_tag", Err: context.DeadlineExceeded}
	}
	code, a := f.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 503, code)
	require.Equal(t, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}, outcomes(a))
	require.Empty(t, f.sender.Sent())

	f.sender.cancelErr = func(c pipeline.Cancellation) error {
		return &pushover.APIError{Endpoint: "cancel_by_tag", StatusCode: 400}
	}
	code, a = f.post(t, readPayload(t, "04-all-resolved.json"))
	require.Equal(t, 200, code, "a permanent cancel failure is logged; the message still goes out")
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
}

const templatedRouting = `
recipients:
  oncall: {user_key: ` + oncallKey + `}
routes:
  - name: by-severity
    to: [oncall]
    priority: '{{ if eq .CommonLabels.severity "critical" }}emergency{{ else }}high{{ end }}'
    retry: 30s
    expire: 1h
`

func TestTemplatedPriorityDowngradeCancels(t *testing.T) {
	f := newFixture(t, templatedRouting)
	f.post(t, readPayload(t, "01-firing-first.json"))
	f.post(t, readPayload(t, "05-warning-first.json"))
	calls := f.sender.Calls()
	require.Len(t, calls, 3)
	require.Equal(t, "send oncall", calls[0])
	require.Regexp(t, `^cancel oncall amp-`, calls[1], "high is below emergency: cancel first")
	require.Equal(t, "send oncall", calls[2])
	sent := f.sender.Sent()
	require.Equal(t, pushover.PriorityEmergency, sent[0].Message.Priority)
	require.Equal(t, pushover.PriorityHigh, sent[1].Message.Priority)
}

func TestBrokenPriorityTemplateFallsBack(t *testing.T) {
	routes := `
recipients:
  oncall: {user_key: ` + oncallKey + `}
routes:
  - name: broken
    to: [oncall]
    priority: '{{ .CommonLabels.severity }}'
    retry: 30s
    expire: 1h
`
	f := newFixture(t, routes)
	code, _ := f.post(t, readPayload(t, "01-firing-first.json")) // "critical" is no priority
	require.Equal(t, 200, code)
	require.Equal(t, pipeline.FallbackPriority, f.sender.Sent()[0].Message.Priority)
	require.Equal(t, 1.0, testutil.ToFloat64(f.pm.TemplateErrors.WithLabelValues("broken")))
	require.Contains(t, f.logs.String(), "priority template failed")
}

func TestUnroutedAlertsAreLoggedAndCounted(t *testing.T) {
	f := newFixture(t, `
recipients: {oncall: {user_key: `+oncallKey+`}}
routes: [{name: only-info, matchers: ['severity="info"'], to: [oncall]}]
`)
	code, a := f.post(t, readPayload(t, "05-warning-first.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"/=unrouted"}, outcomes(a))
	require.Equal(t, 1.0, testutil.ToFloat64(f.pm.AlertsUnrouted))
	require.Contains(t, f.logs.String(), `msg="alerts matched no route and are not delivered"`)
	require.Contains(t, f.logs.String(), "alertnames=DiskFull")
}

// TestTimeoutAnswers503AndTheLedgerCatchesLateSends: the first send is
// held until after the request's deadline. The deadline leaves the plan
// (rendering, slow under -race on a busy machine) ample time to reach the
// first send; 50 ms did not, and the test then waited forever for it.
func TestTimeoutAnswers503AndTheLedgerCatchesLateSends(t *testing.T) {
	f := newFixture(t, testRouting, func(rt *Runtime) {
		rt.Config.Timeout = model.Duration(2 * time.Second)
		rt.Config.MaxConcurrency = 1
	})
	f.sender.release = make(chan struct{})
	f.sender.started = make(chan struct{}, 2)

	code, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 503, code)
	require.Equal(t, []string{"page/oncall=failed_retryable", "page/team=failed_retryable"}, outcomes(a))
	requireStartedBeforeDeadline(t, f.sender.started) // oncall was in flight at the deadline; team never started
	close(f.sender.release)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.NoError(t, f.p.Wait(ctx))
	deliveries, _ := f.ledger.(*ledger.Local).Len()
	require.Equal(t, 1, deliveries, "the late send was recorded")

	f.sender.started, f.sender.release = nil, nil
	code, a = f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=deduplicated", "page/team=sent"}, outcomes(a))
}

func TestMetricsOfARequest(t *testing.T) {
	f := newFixture(t, testRouting)
	f.post(t, readPayload(t, "03-some-resolved.json"))
	require.Equal(t, 1.0, testutil.ToFloat64(f.m.AlertsReceived.WithLabelValues("firing")))
	require.Equal(t, 1.0, testutil.ToFloat64(f.m.AlertsReceived.WithLabelValues("resolved")))
	require.Equal(t, 2.0, testutil.ToFloat64(f.pm.Deliveries.WithLabelValues("page", "sent")))
	require.Equal(t, 1, testutil.CollectAndCount(f.m.WebhookDuration))
}

func indexOf(s []string, x string) int {
	for i, v := range s {
		if v == x {
			return i
		}
	}
	return -1
}
