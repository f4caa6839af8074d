package graph

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestChartReachesPushover sends a chart through the client to the fake
// Pushover, which records the PNG as it arrived.
func TestChartReachesPushover(t *testing.T) {
	prom := fakePrometheus(t, answering(200, successJSON(t, matrix(3, t0, time.Hour, 12*time.Second))))
	g := newTestGrapher(t, prom.URL, time.Minute, nil)
	png, err := g.Chart(context.Background(), alert("up", t0.Add(-10*time.Minute)), opts(640, 360, 5))
	require.NoError(t, err)

	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	c, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL))
	require.NoError(t, err)
	for _, user := range []string{pushovertest.DemoUser, pushovertest.DemoGroup} { // one chart, shared
		_, err = c.Send(context.Background(), &pushover.Message{Users: []string{user}, Message: "firing", Attachment: Attachment(png)})
		require.NoError(t, err)
	}
	msgs := fake.Messages()
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		require.Equal(t, "image/png", m.AttachmentType)
		require.Equal(t, "chart.png", m.AttachmentName)
		checkPNG(t, m.Attachment, 640, 360)
	}
}
