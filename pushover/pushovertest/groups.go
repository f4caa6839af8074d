package pushovertest

import (
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/fakeserver"
)

// group is a delivery group: its name and its member entries.
type group struct {
	name    string
	members []GroupMember
}

// GroupMember is one entry of a fake delivery group, as groups/{key}.json
// lists it.
type GroupMember struct {
	User     string `json:"user"`
	Device   string `json:"device,omitempty"`
	Memo     string `json:"memo,omitempty"`
	Disabled bool   `json:"disabled"`
}

// GroupState is a group as the control API shows it.
type GroupState struct {
	Name  string        `json:"name"`
	Users []GroupMember `json:"users"`
}

// active returns the user keys of the enabled members, each once: the
// recipients of a message to the group.
func (g *group) active() []string {
	var out []string
	for _, m := range g.members {
		if !m.Disabled && !slices.Contains(out, m.User) {
			out = append(out, m.User)
		}
	}
	return out
}

// CreateGroup registers (or replaces) a delivery group with a name and
// enabled members on every device.
func (s *Server) CreateGroup(key, name string, members ...string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g := &group{name: name}
	for _, u := range members {
		g.members = append(g.members, GroupMember{User: u})
	}
	s.st.groups[key] = g
}

// Group returns a copy of a group's name and members, false when unknown.
func (s *Server) Group(key string) (GroupState, bool) {
	s.mu.Lock()
	defer s.mu.Unlock()
	g, ok := s.st.groups[key]
	if !ok {
		return GroupState{}, false
	}
	return GroupState{Name: g.name, Users: slices.Clone(g.members)}, true
}

// groupNotFound is the reference's (§6.5) answer for an unknown group, or a
// group of another account.
func groupNotFound() *reply {
	return fail(http.StatusBadRequest, object{{"group", "not found"}},
		"group not found or you are not authorized to edit it")
}

// handleGroup serves the Groups API: GET groups/{key}.json and POST
// groups/{key}/{add_user,remove_user (or delete_user),disable_user,enable_user}.json.
// The texts of the member errors are UNVERIFIED (the API page gives none);
// their shape, a field reason plus errors, follows every other endpoint.
func (s *Server) handleGroup(endpoint, key string, p *params) *reply {
	st := &s.st
	if r := st.checkToken(p); r != nil {
		return r
	}
	g, ok := st.groups[key]
	if !ok {
		return groupNotFound()
	}
	if endpoint == "group" {
		users := make([]object, 0, len(g.members))
		for _, m := range g.members {
			var device any // null when the entry covers every device
			if m.Device != "" {
				device = m.Device
			}
			users = append(users, object{{"user", m.User}, {"device", device}, {"memo", m.Memo}, {"disabled", m.Disabled}})
		}
		return success(kv{"name", g.name}, kv{"users", users})
	}
	if endpoint == "group_add_user" {
		return st.addGroupUser(g, p)
	}
	return st.changeGroupUser(g, endpoint, p)
}

func (st *state) addGroupUser(g *group, p *params) *reply {
	key, device := p.get("user"), p.get("device")
	u, ok := st.users[key]
	if !ok {
		return fail(http.StatusBadRequest, object{{"user", "invalid"}}, "user key is invalid")
	}
	if device != "" && !slices.Contains(u.devices, device) {
		return fail(http.StatusBadRequest, object{{"device", "invalid for this user"}}, "device name is not valid for user")
	}
	if utf8.RuneCountInString(p.get("memo")) > 200 {
		return fail(http.StatusBadRequest, object{{"memo", "is too long"}}, "memo is too long, must be at most 200 characters")
	}
	if slices.IndexFunc(g.members, func(m GroupMember) bool { return m.User == key && m.Device == device }) >= 0 {
		return fail(http.StatusBadRequest, object{{"user", "is already a member of this group"}},
			"user is already a member of this group")
	}
	g.members = append(g.members, GroupMember{User: key, Device: device, Memo: p.get("memo")})
	return success()
}

// changeGroupUser removes, disables or enables the entries of a user (only
// the one for device, when given).
func (st *state) changeGroupUser(g *group, endpoint string, p *params) *reply {
	key, device := p.get("user"), p.get("device")
	match := func(m GroupMember) bool { return m.User == key && (device == "" || m.Device == device) }
	if slices.IndexFunc(g.members, match) < 0 {
		return fail(http.StatusBadRequest, object{{"user", "is not a member of this group"}},
			"user is not a member of this group")
	}
	switch endpoint {
	case "group_remove_user":
		g.members = slices.DeleteFunc(g.members, match)
	default:
		for i := range g.members {
			if match(g.members[i]) {
				g.members[i].Disabled = endpoint == "group_disable_user"
			}
		}
	}
	return success()
}

// groupRoute maps a Groups API path below /1/ to its endpoint and the group
// key; "" when it is not one.
func groupRoute(post, get bool, seg []string) (endpoint, arg string) {
	switch {
	case get && len(seg) == 2 && seg[0] == "groups" && strings.HasSuffix(seg[1], ".json"):
		return "group", strings.TrimSuffix(seg[1], ".json")
	case post && len(seg) == 3 && seg[0] == "groups":
		actions := map[string]string{
			"add_user.json": "group_add_user", "remove_user.json": "group_remove_user",
			"delete_user.json":  "group_remove_user", // older clients' name (reference §3.4)
			"disable_user.json": "group_disable_user", "enable_user.json": "group_enable_user",
		}
		if e, ok := actions[seg[2]]; ok {
			return e, seg[1]
		}
	}
	return "", ""
}

// GroupRequest is the body of POST /_fake/group, which creates a group.
type GroupRequest struct {
	Key     string   `json:"key"`
	Name    string   `json:"name"`
	Members []string `json:"members"`
}

// Groups returns every group by key (GET /_fake/groups).
func (s *Server) Groups() map[string]GroupState {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := make(map[string]GroupState, len(s.st.groups))
	for k, g := range s.st.groups {
		out[k] = GroupState{Name: g.name, Users: fakeserver.NonNil(slices.Clone(g.members))}
	}
	return out
}

// CreateGroup creates a group in the fake (POST /_fake/group).
func (c *Control) CreateGroup(ctx context.Context, key, name string, members ...string) error {
	return c.call(ctx, http.MethodPost, "group", GroupRequest{Key: key, Name: name, Members: members}, nil)
}

// Groups returns the fake's groups by key (GET /_fake/groups).
func (c *Control) Groups(ctx context.Context) (map[string]GroupState, error) {
	var v map[string]GroupState
	return v, c.call(ctx, http.MethodGet, "groups", nil, &v)
}
