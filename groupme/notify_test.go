package groupme_test

import (
	"context"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestCompose(t *testing.T) {
	for _, tc := range []struct {
		name string
		n    groupme.Notification
		want string
	}{
		{"title and text", groupme.Notification{Title: "FIRING 1", Text: "disk full"}, "FIRING 1\n\ndisk full"},
		{"title already in text", groupme.Notification{Title: "FIRING 1", Text: "FIRING 1 · x\ndisk"}, "FIRING 1 · x\ndisk"},
		{"emergency marked", groupme.Notification{Text: "FIRING 1", Emergency: true}, "🚨 EMERGENCY FIRING 1"},
		{"emergency not twice", groupme.Notification{Text: "🚨 EMERGENCY FIRING 1", Emergency: true}, "🚨 EMERGENCY FIRING 1"},
		{"resolved marked", groupme.Notification{Text: "disk ok", Resolved: true}, "✅ RESOLVED disk ok"},
		{"resolved emergency says resolved", groupme.Notification{Text: "disk ok", Resolved: true, Emergency: true}, "✅ RESOLVED disk ok"},
	} {
		t.Run(tc.name, func(t *testing.T) { require.Equal(t, tc.want, tc.n.Compose()) })
	}
}

func TestNotify(t *testing.T) {
	s, c := newPair(t)
	n := groupme.Notification{Title: "FIRING 2", Text: strings.Repeat("line\n\n", 400), PNG: chartPNG(t), Emergency: true}
	res, err := c.Notify(context.Background(), groupmetest.DemoBotID, n)
	require.NoError(t, err)
	require.NoError(t, res.PictureErr)
	require.Positive(t, res.Dropped)
	posts := s.Posts()
	require.Len(t, posts, 1)
	require.True(t, strings.HasPrefix(posts[0].Text, "🚨 EMERGENCY FIRING 2\n\n"))
	require.True(t, strings.HasSuffix(posts[0].Text, " more"))
	require.Equal(t, s.Pictures()[0].URL, posts[0].PictureURL)
}

// TestNotifyPictureFails: a failed upload leaves the picture out, not the message.
func TestNotifyPictureFails(t *testing.T) {
	s, c := newPair(t)
	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault503, Endpoint: groupmetest.EndpointPictures})
	res, err := c.Notify(context.Background(), groupmetest.DemoBotID, groupme.Notification{Text: "x", PNG: chartPNG(t)})
	require.NoError(t, err)
	require.ErrorIs(t, res.PictureErr, groupme.ErrTemporary)
	require.Len(t, s.Posts(), 1)
	require.Empty(t, s.Posts()[0].PictureURL)
}

func TestNotifyWithoutAccessToken(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	c, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL))
	require.NoError(t, err)
	res, err := c.Notify(context.Background(), groupmetest.DemoBotID, groupme.Notification{Text: "x", PNG: chartPNG(t)})
	require.NoError(t, err)
	require.NoError(t, res.PictureErr, "no token: no picture, by configuration")
	require.Empty(t, s.Pictures())
	require.Len(t, s.Posts(), 1)
}

func TestNotifyErrors(t *testing.T) {
	s, c := newPair(t)
	_, err := c.Notify(context.Background(), "bad id!", groupme.Notification{Text: "x", PNG: chartPNG(t)})
	require.ErrorIs(t, err, groupme.ErrPermanent)
	require.Empty(t, s.Requests(), "nothing uploaded for a bad bot id")
	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault503, Endpoint: groupmetest.EndpointPost})
	_, err = c.Notify(context.Background(), groupmetest.DemoBotID, groupme.Notification{Text: "x"})
	require.True(t, groupme.IsRetryable(err))
}
