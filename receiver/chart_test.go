package receiver

import (
	"context"
	"errors"
	"sync"
	"testing"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// chartRouting pages oncall and team with a 1h chart, and tells team of
// warnings without one.
const chartRouting = `
recipients:
  oncall: {user_key: ` + oncallKey + `}
  team:   {user_key: ` + teamKey + `}
defaults:
  graph: {width: 640}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall, team]
    priority: emergency
    graph: {range: 1h}
  - name: warn
    matchers: ['severity="warning"']
    to: [team]
`

// fakeCharter records its calls and answers png, or err.
type fakeCharter struct {
	mu    sync.Mutex
	calls []template.Alert
	opts  []graph.Effective
	png   []byte
	err   error
}

func (c *fakeCharter) Chart(_ context.Context, a template.Alert, o graph.Effective) ([]byte, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.calls = append(c.calls, a)
	c.opts = append(c.opts, o)
	return c.png, c.err
}

func (c *fakeCharter) Calls() []template.Alert {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]template.Alert(nil), c.calls...)
}

func withCharter(c pipeline.Charter) func(*Runtime) {
	return func(rt *Runtime) { rt.Pipeline.Charter = c }
}

var fakePNG = []byte("\x89PNG\r\n\x1a\nfake chart")

// TestChartOncePerWebhookSharedByRecipients: one chart per webhook, of the
// first firing alert with a graph link, with the route's options,
// attached to every recipient's message (emergencies too, as Pushover
// allows); a retry of the same webhook charts nothing again.
func TestChartOncePerWebhookSharedByRecipients(t *testing.T) {
	c := &fakeCharter{png: fakePNG}
	f := newFixture(t, chartRouting, withCharter(c))
	code, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	calls := c.Calls()
	require.Len(t, calls, 1, "one chart per webhook")
	require.Equal(t, "d9f50dfdc8486b4a", calls[0].Fingerprint, "the first firing alert with a graph link")
	require.Equal(t, graph.Effective{Range: 3600e9, Width: 640, Height: 450, MaxSeries: 5}, c.opts[0],
		"the route's options, inherited field by field")
	sent := f.sender.Sent()
	require.Len(t, sent, 2)
	for _, e := range sent {
		require.Equal(t, pushover.PriorityEmergency, e.Message.Priority)
		require.NotNil(t, e.Message.Attachment, e.Recipient)
		require.Equal(t, fakePNG, e.Message.Attachment.Data)
		require.Equal(t, "image/png", e.Message.Attachment.ContentType)
	}

	_, a = f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, []string{"page/oncall=deduplicated", "page/team=deduplicated"}, outcomes(a))
	require.Len(t, c.Calls(), 1, "nothing is charted for deliveries that are not sent")
}

// TestChartOnlyForRoutesWithARange: a route without graph.range charts nothing.
func TestChartOnlyForRoutesWithARange(t *testing.T) {
	c := &fakeCharter{png: fakePNG}
	f := newFixture(t, chartRouting, withCharter(c))
	_, a := f.post(t, readPayload(t, "05-warning-first.json"))
	require.Equal(t, []string{"warn/team=sent"}, outcomes(a))
	require.Empty(t, c.Calls())
	require.Nil(t, f.sender.Sent()[0].Message.Attachment)
}

// TestChartFailureSendsWithout: a chart that fails never holds back the
// page: the message goes out without it, and the reason is logged.
func TestChartFailureSendsWithout(t *testing.T) {
	c := &fakeCharter{err: &graph.Error{Reason: graph.ReasonUnreachable, Err: errors.New("connection refused")}}
	f := newFixture(t, chartRouting, withCharter(c))
	code, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, 200, code)
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	for _, e := range f.sender.Sent() {
		require.Nil(t, e.Message.Attachment)
	}
	require.Len(t, c.Calls(), 1)
	require.Contains(t, f.logs.String(), `level=warn`)
	require.Contains(t, f.logs.String(), `msg="no chart, sending the message without it" route=page alertname=HighLatency reason=unreachable`)
}

// TestChartRefusedByPushoverSendsWithout: should Pushover refuse a
// message for its attachment, the message is sent again without it.
func TestChartRefusedByPushoverSendsWithout(t *testing.T) {
	c := &fakeCharter{png: fakePNG}
	f := newFixture(t, chartRouting, withCharter(c))
	f.sender.sendErr = func(e envelope) error {
		if e.Message.Attachment != nil {
			return &pushover.APIError{Endpoint: "messages", StatusCode: 400,
				Errors: []string{"attachment is too large"}, Fields: map[string]string{"attachment": "invalid"}}
		}
		return nil
	}
	_, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, []string{"page/oncall=sent", "page/team=sent"}, outcomes(a))
	require.Len(t, f.sender.Sent(), 2)
	require.Len(t, f.sender.Calls(), 4, "each sent twice: with the chart, then without")
	require.Contains(t, f.logs.String(), "Pushover refused the chart, sending the message without it")
}

// TestChartPerDistinctOptions: routes that share the graph options share
// the chart; other options make another one. Resolved messages get none.
func TestChartPerDistinctOptions(t *testing.T) {
	routes := func(second string) string {
		return `
recipients:
  oncall: {user_key: ` + oncallKey + `}
  team:   {user_key: ` + teamKey + `}
defaults:
  graph: {range: 1h}
routes:
  - {name: first, to: [oncall], continue: true}
  - {name: second, to: [team], graph: ` + second + `}
`
	}
	for _, tc := range []struct {
		second string
		charts int
	}{{"{}", 1}, {"{height: 900}", 2}} {
		t.Run(tc.second, func(t *testing.T) {
			c := &fakeCharter{png: fakePNG}
			f := newFixture(t, routes(tc.second), withCharter(c))
			_, a := f.post(t, readPayload(t, "01-firing-first.json"))
			require.Equal(t, []string{"first/oncall=sent", "second/team=sent"}, outcomes(a))
			require.Len(t, c.Calls(), tc.charts)
			for _, e := range f.sender.Sent() {
				require.NotNil(t, e.Message.Attachment, e.Route)
			}
			_, a = f.post(t, readPayload(t, "04-all-resolved.json"))
			require.Equal(t, []string{"first/oncall=sent", "second/team=sent"}, outcomes(a))
			require.Len(t, c.Calls(), tc.charts, "no chart for resolved messages")
		})
	}
}

// TestChartGoesToGroupMeRooms: a GroupMe room gets the same chart as the
// Pushover recipients (Page.PNG), made once; so does a fallback room.
func TestChartGoesToGroupMeRooms(t *testing.T) {
	c := &fakeCharter{png: fakePNG}
	room := &fakeNotifier{}
	f := newFixture(t, `
recipients:
  oncall: {user_key: `+oncallKey+`}
  team:   {user_key: `+teamKey+`}
  room: {groupme: {bot_id: `+roomBot+`}}
defaults:
  graph: {range: 1h}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall, room]
    continue: true
  - name: refused
    matchers: ['severity="critical"']
    to: [team]
    fallback: [room]
`, withCharter(c), func(rt *Runtime) {
		setNotifier(rt, routing.KindGroupMe, room)
		rt.Pipeline.Secrets = append(rt.Pipeline.Secrets, roomBot)
	})
	f.sender.sendErr = func(e envelope) error {
		if e.Recipient == "team" {
			return &pushover.APIError{Endpoint: "messages", StatusCode: 400, Errors: []string{"user key is invalid"},
				Fields: map[string]string{"user": "invalid"}}
		}
		return nil
	}
	_, a := f.post(t, readPayload(t, "01-firing-first.json"))
	require.Equal(t, []string{"page/oncall=sent", "page/room=sent", "refused/team=fallback_sent"}, outcomes(a))
	require.Len(t, c.Calls(), 1, "one chart for the webhook")
	pages := room.Pages()
	require.Len(t, pages, 2, "the room directly, and as the fallback")
	for _, p := range pages {
		require.Equal(t, fakePNG, p.PNG, p.Route)
	}
	require.Equal(t, fakePNG, f.sender.Sent()[0].Message.Attachment.Data)
}
