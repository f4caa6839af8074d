package groupmetest_test

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestControl(t *testing.T) {
	s := groupmetest.New(t)
	ctx := context.Background()
	c := &groupmetest.Control{BaseURL: s.URL}
	require.NoError(t, c.AddBot(ctx, "ctlbot", "g1"))
	require.NoError(t, c.AddAccessToken(ctx, "ctltoken"))
	require.NoError(t, c.SetLatency(ctx, 0))
	require.NoError(t, c.Inject(ctx, groupmetest.Fault{Kind: groupmetest.Fault503, Endpoint: groupmetest.EndpointPost, Count: 1}))
	require.Equal(t, 503, postJSON(t, s.URL, map[string]any{"bot_id": "ctlbot", "text": "x"}).code)
	require.Equal(t, 201, postJSON(t, s.URL, map[string]any{"bot_id": "ctlbot", "text": "hello"}).code)
	pictureURL(t, upload(t, s.ImageURL, "ctltoken", tinyPNG(t)))

	posts, err := c.Posts(ctx)
	require.NoError(t, err)
	require.Len(t, posts, 1)
	require.Equal(t, "hello", posts[0].Text)
	require.Equal(t, "g1", posts[0].GroupID)
	reqs, err := c.Requests(ctx)
	require.NoError(t, err)
	require.Len(t, reqs, 3)
	pics, err := c.Pictures(ctx)
	require.NoError(t, err)
	require.Len(t, pics, 1)

	require.ErrorContains(t, c.Inject(ctx, groupmetest.Fault{Kind: "nope"}), "unknown fault kind")
	require.ErrorContains(t, c.AddBot(ctx, "", ""), "bot_id is required")
	require.NoError(t, c.Reset(ctx))
	posts, err = c.Posts(ctx)
	require.NoError(t, err)
	require.Empty(t, posts)
	require.Equal(t, 201, postJSON(t, s.URL, map[string]any{"bot_id": "ctlbot", "text": "x"}).code, "bots survive Reset")
}

func TestDurationJSON(t *testing.T) {
	var d groupmetest.Duration
	require.NoError(t, d.UnmarshalJSON([]byte(`"1.5s"`)))
	require.Equal(t, groupmetest.Duration(1500*time.Millisecond), d)
	require.NoError(t, d.UnmarshalJSON([]byte(`2000`)))
	require.Equal(t, groupmetest.Duration(2000), d)
	require.Error(t, d.UnmarshalJSON([]byte(`true`)))
	b, err := groupmetest.Duration(time.Second).MarshalJSON()
	require.NoError(t, err)
	require.Equal(t, `"1s"`, string(b))
}
