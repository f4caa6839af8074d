package groupme_test

import (
	"context"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestLookupBots(t *testing.T) {
	s, c := newPair(t)
	s.AddBot("roomtwo", "77")
	got, err := c.LookupBots(context.Background(), groupmetest.DemoBotID, "nosuchbot", "roomtwo", "")
	require.NoError(t, err)
	require.Equal(t, []*groupme.Bot{{Name: "bot " + groupmetest.DemoGroupID, GroupID: groupmetest.DemoGroupID}, nil,
		{Name: "bot 77", GroupID: "77"}, nil}, got)
	require.Equal(t, "bots", s.Requests()[0].Endpoint)

	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault401, Endpoint: groupmetest.EndpointBots})
	_, err = c.LookupBots(context.Background(), "nosuchbot")
	require.ErrorIs(t, err, groupme.ErrPermanent)
	require.NotContains(t, err.Error(), groupmetest.DemoAccessToken)
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultMalformed, Endpoint: groupmetest.EndpointBots})
	_, err = c.LookupBots(context.Background(), "nosuchbot")
	require.ErrorIs(t, err, groupme.ErrTemporary)

	noToken, err := groupme.NewClient(groupme.WithAPIURL(s.URL))
	require.NoError(t, err)
	_, err = noToken.LookupBots(context.Background(), groupmetest.DemoBotID)
	require.ErrorIs(t, err, groupme.ErrNoAccessToken)
}
