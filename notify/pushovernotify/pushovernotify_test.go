package pushovernotify_test

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// png is the smallest PNG Pushover's fake takes as an image.
var png = []byte("\x89PNG\r\n\x1a\n-chart-")

func newNotifier(t *testing.T) (*pushovertest.Server, *pushovernotify.Notifier) {
	t.Helper()
	s := pushovertest.New(t, pushovertest.WithDemoAccount())
	c, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(s.URL),
		pushover.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	return s, pushovernotify.New(c, nil)
}

func page(prio pushover.Priority) pipeline.Page {
	ts := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	return pipeline.Page{Route: "page", Data: templates.SampleData(),
		Recipient: &routing.Recipient{Name: "oncall", Kind: routing.KindPushover, UserKey: pushovertest.DemoUser, Devices: []string{"phone"}},
		Rendered: templates.Rendered{Title: "t", Message: "<b>m</b>", URL: "https://runbooks.example.org/x", URLTitle: "Runbook",
			Format: templates.FormatHTML, Timestamp: ts},
		Emergency: prio == pushover.PriorityEmergency, Priority: prio, Sound: "siren",
		TTL: time.Hour, Retry: time.Minute, Expire: 2 * time.Hour, Tag: "amp-0123", Callback: "https://bridge.example.org/cb/s"}
}

// TestMessage: the page's fields, as Pushover's; retry, expire, the tag
// and the callback only for an emergency, the ttl only below it.
func TestMessage(t *testing.T) {
	for _, tc := range []struct {
		name string
		prio pushover.Priority
		png  []byte
		want pushover.Message
	}{
		{"high", pushover.PriorityHigh, nil, pushover.Message{TTL: time.Hour}},
		{"emergency", pushover.PriorityEmergency, nil, pushover.Message{Retry: time.Minute, Expire: 2 * time.Hour,
			Tags: []string{"amp-0123"}, Callback: "https://bridge.example.org/cb/s"}},
		{"chart", pushover.PriorityNormal, png, pushover.Message{TTL: time.Hour,
			Attachment: &pushover.Attachment{Filename: "chart.png", ContentType: "image/png", Data: png}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			p := page(tc.prio)
			p.PNG = tc.png
			want := tc.want
			want.Users, want.Devices, want.Priority, want.Sound = []string{pushovertest.DemoUser}, []string{"phone"}, tc.prio, "siren"
			want.Title, want.Message, want.URL, want.URLTitle, want.HTML = "t", "<b>m</b>", "https://runbooks.example.org/x", "Runbook", true
			want.Timestamp = p.Rendered.Timestamp
			require.Equal(t, &want, pushovernotify.Message(p))
		})
	}
	p := page(pushover.PriorityNormal)
	p.Rendered.Format = templates.FormatMonospace
	m := pushovernotify.Message(p)
	require.True(t, m.Monospace)
	require.False(t, m.HTML)
}

// TestNotifySendsAndCancels against the fake Pushover: the request id,
// an emergency's receipt, and its cancellation by receipt and by tag.
func TestNotifySendsAndCancels(t *testing.T) {
	s, nt := newNotifier(t)
	ctx := context.Background()
	d, err := nt.Notify(ctx, page(pushover.PriorityEmergency))
	require.NoError(t, err)
	require.NotEmpty(t, d.ID)
	require.NotEmpty(t, d.Receipt)
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	require.Equal(t, 2, msgs[0].Priority)
	require.Equal(t, d.Receipt, msgs[0].Receipt)
	require.Equal(t, "amp-0123", msgs[0].Params["tags"])
	n, err := nt.Cancel(ctx, pipeline.Cancellation{Receipt: d.Receipt})
	require.NoError(t, err)
	require.Equal(t, 1, n)

	d, err = nt.Notify(ctx, page(pushover.PriorityEmergency))
	require.NoError(t, err)
	n, err = nt.Cancel(ctx, pipeline.Cancellation{Tag: "amp-0123"})
	require.NoError(t, err)
	require.Equal(t, 1, n)
	for _, r := range s.Receipts() {
		require.True(t, r.Canceled, r.ID)
	}
	_, err = nt.Cancel(ctx, pipeline.Cancellation{Receipt: d.Receipt + "x"})
	var de *pipeline.DestinationError
	require.ErrorAs(t, err, &de)
	require.Equal(t, pipeline.Permanent, de.Class, "a receipt Pushover does not know: %v", err)
}

// TestNotifyWithoutTheRefusedChart: a chart Pushover (or the client)
// refuses costs the chart, never the page.
func TestNotifyWithoutTheRefusedChart(t *testing.T) {
	s, nt := newNotifier(t)
	p := page(pushover.PriorityHigh)
	p.PNG = make([]byte, pushover.MaxAttachment+1)
	copy(p.PNG, png)
	_, err := nt.Notify(context.Background(), p)
	require.NoError(t, err)
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	require.Empty(t, msgs[0].Attachment)

	p.PNG = png
	_, err = nt.Notify(context.Background(), p)
	require.NoError(t, err)
	require.Equal(t, png, s.Messages()[1].Attachment)
}

// TestClassify: how each failure of the fake counts for the pipeline.
func TestClassify(t *testing.T) {
	for _, tc := range []struct {
		fault pushovertest.FaultKind
		class pipeline.ErrorClass
		maybe bool
	}{
		{pushovertest.Fault503, pipeline.Retryable, false},
		{pushovertest.FaultMalformed, pipeline.Retryable, false},
		{pushovertest.FaultClose, pipeline.Retryable, true},
		{pushovertest.FaultStatus0, pipeline.Permanent, false},
		{pushovertest.Fault429, pipeline.Quota, false},
	} {
		t.Run(string(tc.fault), func(t *testing.T) {
			s, nt := newNotifier(t)
			s.Inject(pushovertest.Fault{Kind: tc.fault, Endpoint: "messages", Count: 10})
			_, err := nt.Notify(context.Background(), page(pushover.PriorityNormal))
			var de *pipeline.DestinationError
			require.ErrorAs(t, err, &de)
			require.Equal(t, tc.class, de.Class, "%v", err)
			require.Equal(t, tc.maybe, de.MaybeAccepted, "%v", err)
			require.Equal(t, pushovernotify.Destination, de.Destination)
			require.NotContains(t, err.Error(), pushovertest.DemoUser)
			require.NotContains(t, err.Error(), pushovertest.DemoToken)
		})
	}
	for _, tc := range []struct {
		err   error
		class pipeline.ErrorClass
	}{
		{&pushover.ValidationError{Field: "message", Rule: "blank"}, pipeline.Permanent},
		{&pushover.APIError{StatusCode: 400}, pipeline.Permanent},
		{context.DeadlineExceeded, pipeline.Retryable},
		{errors.New("unknown"), pipeline.Retryable},
	} {
		var de *pipeline.DestinationError
		require.ErrorAs(t, pushovernotify.Classify(tc.err), &de)
		require.Equal(t, tc.class, de.Class, "%v", tc.err)
		require.ErrorIs(t, de, tc.err)
	}
	reset := time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)
	var de *pipeline.DestinationError
	require.ErrorAs(t, pushovernotify.Classify(&pushover.QuotaError{Reset: reset}), &de)
	require.Equal(t, pipeline.Quota, de.Class)
	require.Equal(t, reset, de.Reset)
}
