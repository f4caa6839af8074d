package e2e

import (
	"encoding/json"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// While an emergency rings, Alertmanager's repeat does not page again;
// once the on-call user acknowledged it on the phone, and the bridge
// learned so (from Pushover's callback, or by polling the receipt), the
// next repeat pages again.
func TestAcknowledgedEmergencyPagesAgainOnRepeat(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name  string
		extra string
		fake  []pushovertest.Option
	}{
		{name: "callback", extra: `emergency:
  callback_url: http://BRIDGE
  poll_interval: 5s
`},
		// The fake's clock follows the wall clock, so that it can tell
		// polls less than 5 s apart.
		{name: "poll", extra: `emergency:
  poll_interval: 5s
`, fake: []pushovertest.Option{pushovertest.WithRealClock()}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, stackOptions{
				routes:         pageRoute,
				repeatInterval: "5s",
				// A repeat 5 s later is a reminder, not a retry.
				receiver: "  dedup_window: 1s",
				extra:    tc.extra,
				fake:     tc.fake,
			})
			a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
			page := s.fireEmergency(a)
			callback := tc.name == "callback"
			require.Equal(t, callback, page.Params["callback"] != "", "the emergency asks Pushover to call the bridge back")

			// Without an acknowledgement, the repeat finds the page still ringing.
			s.eventually(func() bool {
				return s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "still_ringing") >= 1
			}, "Alertmanager's repeat, answered without a new page")
			require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "no new page while the first one rings")

			require.NoError(t, s.fake.Ack(page.Receipt, pushovertest.DemoUser, "phone"))
			require.Equal(t, callback, s.receiptOf(page).CalledBack, "the bridge took the callback")
			s.eventually(func() bool {
				return s.bridgeMetric("alertmanager_pushover_emergencies_acknowledged_total") >= 1
			}, "the acknowledgement recorded")
			source := "callback"
			if !callback {
				source = "poll"
			}
			require.True(t, s.bridgeLogged(`emergency acknowledged.* by=oncall device=phone .*source=`+source))

			s.eventually(func() bool { return countPriority(s.fake.Messages(), 2) >= 2 }, "the next repeat pages again")
			msgs := s.fake.Messages()
			require.Len(t, msgs, 2)
			require.Contains(t, msgs[1].Message, "Acknowledged", "the new page says the last one was acknowledged")
			require.Equal(t, page.Params["tags"], msgs[1].Params["tags"], "the same tag, so resolving cancels both")
			require.Zero(t, s.fake.DuplicateMessages())
			if !callback {
				require.Zero(t, s.receiptOf(page).PollsTooSoon, "receipts are polled no faster than every 5 s")
			}

			s.post(resolved(a)...)
			s.eventually(func() bool { return countPriority(s.fake.Messages(), -1) >= 1 }, "the resolved message")
			require.Len(t, s.cancelsOf(msgs[1]), 1)
			require.True(t, s.receiptOf(msgs[1]).Canceled, "the second page stops ringing on resolve")
		})
	}
}

// amSilence is a silence as Alertmanager's API v2 lists it.
type amSilence struct {
	ID       string `json:"id"`
	Matchers []struct {
		Name    string `json:"name"`
		Value   string `json:"value"`
		IsRegex bool   `json:"isRegex"`
		IsEqual *bool  `json:"isEqual"`
	} `json:"matchers"`
	CreatedBy string `json:"createdBy"`
	Comment   string `json:"comment"`
	Status    struct {
		State string `json:"state"`
	} `json:"status"`
}

// amGet decodes the JSON answer of a GET on Alertmanager's API.
func (s *stack) amGet(path string, v any) {
	s.t.Helper()
	resp, err := http.Get(s.amURL + path)
	require.NoError(s.t, err)
	defer resp.Body.Close()
	require.Equal(s.t, http.StatusOK, resp.StatusCode, "GET %s", path)
	require.NoError(s.t, json.NewDecoder(resp.Body).Decode(v))
}

// With silence_on_ack, acknowledging the page silences exactly the paged
// alert in the real Alertmanager: its API shows the alert suppressed by
// the bridge's silence.
func TestAcknowledgementSilencesTheAlert(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{
		routes: pageRoute + "    silence_on_ack: 1h\n",
		extra: `emergency:
  callback_url: http://BRIDGE
alertmanager:
  url: http://ALERTMANAGER
`,
	})
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical", "instance", "db-1")
	page := s.fireEmergency(a)
	require.NoError(t, s.fake.Ack(page.Receipt, pushovertest.DemoUser, "phone"))

	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_silences_total", "outcome", "created") >= 1
	}, "the bridge created a silence")
	var silences []amSilence
	s.amGet("/api/v2/silences", &silences)
	require.Len(t, silences, 1)
	sil := silences[0]
	require.Equal(t, "active", sil.Status.State)
	require.Equal(t, "alertmanager-pushover", sil.CreatedBy)
	require.Contains(t, sil.Comment, "oncall")
	got := map[string]string{}
	for _, m := range sil.Matchers {
		require.False(t, m.IsRegex)
		require.True(t, m.IsEqual == nil || *m.IsEqual)
		got[m.Name] = m.Value
	}
	require.Equal(t, a.Labels, got, "the silence matches exactly the acknowledged alert")

	// Alertmanager now suppresses the alert, by that silence.
	s.eventually(func() bool {
		var alerts []struct {
			Labels map[string]string `json:"labels"`
			Status struct {
				State      string   `json:"state"`
				SilencedBy []string `json:"silencedBy"`
			} `json:"status"`
		}
		s.amGet("/api/v2/alerts", &alerts)
		return len(alerts) == 1 && alerts[0].Status.State == "suppressed" &&
			len(alerts[0].Status.SilencedBy) == 1 && alerts[0].Status.SilencedBy[0] == sil.ID
	}, "Alertmanager suppresses the acknowledged alert")
}
