package pushover_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

const bob = "uBoBxxxxxxxxxxxxxxxxxxxxxxxxxx"

// TestGroups drives every Groups API call against the fake and checks what
// went on the wire and what the group holds after.
func TestGroups(t *testing.T) {
	s := newFake(t)
	s.AddUser(bob, "pixel")
	c := newClient(t, s)
	ctx := context.Background()

	require.NoError(t, c.AddGroupUser(ctx, group, bob, "pixel", "on call: db"))
	require.NoError(t, c.DisableGroupUser(ctx, group, user, ""))
	g, err := c.Group(ctx, group)
	require.NoError(t, err)
	require.NotEmpty(t, g.Request)
	require.Equal(t, "Group", g.Name)
	require.Equal(t, []pushover.GroupMember{
		{User: user, Disabled: true},
		{User: bob, Device: "pixel", Memo: "on call: db"},
	}, g.Users)

	require.NoError(t, c.EnableGroupUser(ctx, group, user, ""))
	require.NoError(t, c.RemoveGroupUser(ctx, group, bob, ""))
	fake, _ := s.Group(group)
	require.Equal(t, []pushovertest.GroupMember{{User: user}}, fake.Users)

	reqs := s.Requests()
	require.Len(t, reqs, 5)
	wantPaths := []string{"add_user", "disable_user", "", "enable_user", "remove_user"}
	for i, r := range reqs {
		if wantPaths[i] == "" {
			require.Equal(t, http.MethodGet, r.Method)
			require.Equal(t, "/1/groups/"+group+".json", r.Path)
			require.Equal(t, "token="+token, r.Query, "a GET can carry the token only in its query")
			continue
		}
		require.Equal(t, http.MethodPost, r.Method)
		require.Equal(t, "/1/groups/"+group+"/"+wantPaths[i]+".json", r.Path)
		require.Empty(t, r.Query, "no parameter in the URL of a POST")
		require.Equal(t, token, r.Params["token"])
		require.Equal(t, "group_"+wantPaths[i], r.Endpoint)
	}
	require.Equal(t, map[string]string{"token": token, "user": bob, "device": "pixel", "memo": "on call: db"}, reqs[0].Params)
}

// TestGroupErrors: refusals are typed and no error shows a key or the token.
func TestGroupErrors(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s, clockOptions(newFakeClock())...)
	ctx := context.Background()
	const unknown = "gNoPexxxxxxxxxxxxxxxxxxxxxxxxx"

	_, err := c.Group(ctx, unknown)
	var ae *pushover.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "group", ae.Endpoint)
	require.Equal(t, http.StatusBadRequest, ae.StatusCode)
	require.Equal(t, "not found", ae.Fields["group"])

	err = c.RemoveGroupUser(ctx, group, bob, "")
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "group_remove_user", ae.Endpoint)
	require.Equal(t, "is not a member of this group", ae.Fields["user"])

	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault503, Endpoint: "group_add_user"})
	err = c.AddGroupUser(ctx, group, user, "", "")
	require.True(t, pushover.IsRetryable(err), "%v", err)

	var ve *pushover.ValidationError
	for _, call := range []func() error{
		func() error { _, err := c.Group(ctx, "short"); return err },
		func() error { return c.AddGroupUser(ctx, "short", user, "", "") },
		func() error { return c.AddGroupUser(ctx, group, "short", "", "") },
		func() error { return c.AddGroupUser(ctx, group, user, "bad device!", "") },
		func() error { return c.AddGroupUser(ctx, group, user, "", strings.Repeat("m", 201)) },
		func() error { return c.EnableGroupUser(ctx, group, "", "") },
	} {
		require.ErrorAs(t, call(), &ve)
	}
	require.Len(t, s.Requests(), 3, "invalid calls never reach the API")
}

// TestGroupErrorsHideSecrets: a transport failure's text (which Go's
// client builds from the URL) shows neither the group key nor the token.
func TestGroupErrorsHideSecrets(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s, clockOptions(newFakeClock())...) // the pause after a failure passes at once
	s.Close()
	_, err := c.Group(context.Background(), group)
	require.Error(t, err)
	require.True(t, pushover.IsRetryable(err))
	for _, secret := range []string{group, token} {
		require.NotContains(t, err.Error(), secret)
	}
	err = c.AddGroupUser(context.Background(), group, bob, "", "")
	require.Error(t, err)
	for _, secret := range []string{group, token, bob} {
		require.NotContains(t, err.Error(), secret)
	}
}
