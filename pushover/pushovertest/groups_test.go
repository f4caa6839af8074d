package pushovertest_test

import (
	"context"
	"net/url"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

const (
	oncallGroup = "gOnCaLLxxxxxxxxxxxxxxxxxxxxxxx"
	bob         = "uBoBxxxxxxxxxxxxxxxxxxxxxxxxxx"
)

func groupForm(user string, extra ...string) url.Values {
	v := url.Values{"token": {pushovertest.DemoToken}, "user": {user}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

// TestGroupsAPI walks the Groups API on the wire: every body byte for byte
// (ignoring the request id), the member list after each call, and messages
// to the group reaching only its enabled members.
func TestGroupsAPI(t *testing.T) {
	s := newDemo(t)
	s.AddUser(bob, "pixel")
	s.CreateGroup(oncallGroup, "On call", pushovertest.DemoUser)
	base := "groups/" + oncallGroup
	const ok = `{"status":1,"request":"R"}`
	steps := []struct {
		name, path string
		form       url.Values
		code       int
		want       string
	}{
		{"add bob on a device with a memo", base + "/add_user.json", groupForm(bob, "device", "pixel", "memo", "db on call"), 200, ok},
		{"add bob again on that device", base + "/add_user.json", groupForm(bob, "device", "pixel"), 400,
			`{"user":"is already a member of this group","errors":["user is already a member of this group"],"status":0,"request":"R"}`},
		{"add an unknown user", base + "/add_user.json", groupForm("uNoPexxxxxxxxxxxxxxxxxxxxxxxxx"), 400,
			`{"user":"invalid","errors":["user key is invalid"],"status":0,"request":"R"}`},
		{"add on a device the user lacks", base + "/add_user.json", groupForm(bob, "device", "ipad"), 400,
			`{"device":"invalid for this user","errors":["device name is not valid for user"],"status":0,"request":"R"}`},
		{"disable the demo user", base + "/disable_user.json", groupForm(pushovertest.DemoUser), 200, ok},
		{"unknown group", "groups/gNoPexxxxxxxxxxxxxxxxxxxxxxxxx/add_user.json", groupForm(bob), 400,
			`{"group":"not found","errors":["group not found or you are not authorized to edit it"],"status":0,"request":"R"}`},
		{"bad token", base + "/enable_user.json", url.Values{"token": {"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}, "user": {bob}}, 400,
			`{"token":"invalid","errors":["application token is invalid"],"status":0,"request":"R"}`},
		{"disable a non-member", base + "/disable_user.json", groupForm("uNoPexxxxxxxxxxxxxxxxxxxxxxxxx"), 400,
			`{"user":"is not a member of this group","errors":["user is not a member of this group"],"status":0,"request":"R"}`},
	}
	for _, st := range steps {
		a := postForm(t, s, st.path, st.form)
		require.Equal(t, st.code, a.code, st.name)
		require.Equal(t, st.want, a.normalized(), st.name)
	}
	a := get(t, s, base+".json?token="+pushovertest.DemoToken)
	require.Equal(t, 200, a.code)
	require.Equal(t, `{"status":1,"name":"On call","users":[`+
		`{"user":"`+pushovertest.DemoUser+`","device":null,"memo":"","disabled":true},`+
		`{"user":"`+bob+`","device":"pixel","memo":"db on call","disabled":false}],"request":"R"}`, a.normalized())

	// A message to the group reaches bob only: the demo user is disabled.
	require.Equal(t, 200, postForm(t, s, "messages.json", demo("user", oncallGroup)).code)
	msgs := s.Messages()
	require.Len(t, msgs, 1)
	require.Len(t, msgs[0].Deliveries, 1)
	require.Equal(t, bob, msgs[0].Deliveries[0].User)

	// enable, then remove with the older clients' delete_user name.
	require.Equal(t, ok, postForm(t, s, base+"/enable_user.json", groupForm(pushovertest.DemoUser)).normalized())
	require.Equal(t, ok, postForm(t, s, base+"/delete_user.json", groupForm(pushovertest.DemoUser)).normalized())
	require.Equal(t, ok, postForm(t, s, base+"/remove_user.json", groupForm(bob, "device", "pixel")).normalized())
	g, found := s.Group(oncallGroup)
	require.True(t, found)
	require.Empty(t, g.Users)
}

func TestGroupsWrongMethod(t *testing.T) {
	s := newDemo(t)
	a := get(t, s, "groups/"+pushovertest.DemoGroup+"/add_user.json?token="+pushovertest.DemoToken+"&user="+bob)
	require.Equal(t, 404, a.code, "a GET to a POST endpoint is the HTML 404")
	require.Contains(t, a.header.Get("Content-Type"), "text/html")
	a = postForm(t, s, "groups/"+pushovertest.DemoGroup+"/rename_everything.json", groupForm(bob))
	require.Equal(t, 404, a.code)
}

func TestGroupsControl(t *testing.T) {
	s := newDemo(t)
	c := &pushovertest.Control{BaseURL: s.URL}
	ctx := context.Background()
	require.NoError(t, c.CreateGroup(ctx, oncallGroup, "On call", pushovertest.DemoUser))
	groups, err := c.Groups(ctx)
	require.NoError(t, err)
	require.Equal(t, pushovertest.GroupState{Name: "On call", Users: []pushovertest.GroupMember{{User: pushovertest.DemoUser}}},
		groups[oncallGroup])
	require.Equal(t, pushovertest.GroupState{Name: "Group", Users: []pushovertest.GroupMember{{User: pushovertest.DemoUser}}},
		groups[pushovertest.DemoGroup])
	require.ErrorContains(t, c.CreateGroup(ctx, "", "x"), "key is required")
}
