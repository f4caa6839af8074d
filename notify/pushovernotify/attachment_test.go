package pushovernotify_test

import (
	"bytes"
	"context"
	"image"
	pngenc "image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/notify/pushovernotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestChartReachesPushover sends one chart, as Attachment wraps it, through
// the client to two recipients of the fake Pushover, which records the PNG
// as it arrived: the same bytes, as image/png named chart.png, for both.
func TestChartReachesPushover(t *testing.T) {
	var buf bytes.Buffer
	require.NoError(t, pngenc.Encode(&buf, image.NewRGBA(image.Rect(0, 0, 640, 360))))
	chart := buf.Bytes()

	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	c, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL))
	require.NoError(t, err)
	for _, user := range []string{pushovertest.DemoUser, pushovertest.DemoGroup} { // one chart, shared
		_, err = c.Send(context.Background(), &pushover.Message{Users: []string{user}, Message: "firing", Attachment: pushovernotify.Attachment(chart)})
		require.NoError(t, err)
	}
	msgs := fake.Messages()
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		require.Equal(t, "image/png", m.AttachmentType)
		require.Equal(t, "chart.png", m.AttachmentName)
		require.Equal(t, chart, m.Attachment)
	}
}
