package groupmenotify_test

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
	"github.com/alertmanager-pushover/alertmanager-pushover/notify/groupmenotify"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

func newNotifier(t *testing.T) (*groupmetest.Server, *groupmenotify.Notifier) {
	t.Helper()
	s := groupmetest.New(t, groupmetest.WithDemo())
	c, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL))
	require.NoError(t, err)
	tmpl, err := templates.New(nil)
	require.NoError(t, err)
	return s, groupmenotify.New(c, tmpl, templates.DefaultGroupMeSpec(), nil)
}

func page(emergency bool) pipeline.Page {
	d := templates.SampleData()
	if emergency {
		d.Priority = "emergency"
	}
	return pipeline.Page{Route: "r", Recipient: &routing.Recipient{Name: "room", Kind: routing.KindGroupMe,
		BotID: groupmetest.DemoBotID}, Data: d, Emergency: emergency}
}

func TestNotifyPostsTheRenderedText(t *testing.T) {
	for _, emergency := range []bool{false, true} {
		s, nt := newNotifier(t)
		_, err := nt.Notify(context.Background(), page(emergency))
		require.NoError(t, err)
		posts := s.Posts()
		require.Len(t, posts, 1)
		require.Equal(t, groupmetest.DemoBotID, posts[0].BotID)
		require.Contains(t, posts[0].Text, "FIRING")
		require.Equal(t, emergency, strings.Contains(posts[0].Text, groupme.EmergencyMarker), posts[0].Text)
		require.LessOrEqual(t, len([]rune(posts[0].Text)), groupme.MaxTextRunes)
	}
}

func TestNotifyClassifiesErrors(t *testing.T) {
	for _, tc := range []struct {
		fault groupmetest.FaultKind
		class pipeline.ErrorClass
	}{
		{groupmetest.Fault404, pipeline.Permanent},
		{groupmetest.Fault400, pipeline.Permanent},
		{groupmetest.Fault503, pipeline.Retryable},
		{groupmetest.Fault420, pipeline.Retryable},
		{groupmetest.FaultClose, pipeline.Retryable},
	} {
		t.Run(string(tc.fault), func(t *testing.T) {
			s, nt := newNotifier(t)
			s.Inject(groupmetest.Fault{Kind: tc.fault, Endpoint: groupmetest.EndpointPost})
			_, err := nt.Notify(context.Background(), page(false))
			var de *pipeline.DestinationError
			require.True(t, errors.As(err, &de), "%v", err)
			require.Equal(t, tc.class, de.Class)
			require.Equal(t, groupmenotify.Destination, de.Destination)
			require.NotContains(t, err.Error(), groupmetest.DemoBotID)
		})
	}
}
