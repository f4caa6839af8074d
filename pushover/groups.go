package pushover

import (
	"context"
	"net/url"
	"unicode/utf8"
)

// MaxMemoRunes bounds the memo of a group member (per the public clients;
// the Groups API page gives no limit).
const MaxMemoRunes = 200

// Group is a delivery group as groups/{key}.json describes it.
type Group struct {
	Request string
	Name    string
	Users   []GroupMember
}

// GroupMember is one entry of a delivery group: a user, optionally limited
// to one device. User is a key: a secret, never to print.
type GroupMember struct {
	User     string
	Device   string // "" for every device of the user
	Memo     string
	Disabled bool
}

// The Groups API (pushover.net/api/groups). The app token must belong to
// the account that owns the group. The token travels in the form body of
// every POST and in the query of the one GET (Pushover allows no other
// way); errors never show the token, the group key or a user key.
// Refusals are *APIError, e.g. Fields {"group": "not found"}; the
// endpoint names given to the Observer are "group", "group_add_user",
// "group_remove_user", "group_disable_user" and "group_enable_user".

// Group fetches a delivery group's name and members (GET groups/{key}.json).
func (c *Client) Group(ctx context.Context, group string) (*Group, error) {
	if !ValidKey(group) {
		return nil, invalid("group", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	cl := c.get("group", "groups/"+url.PathEscape(group)+".json")
	cl.secrets = append(cl.secrets, group)
	r, err := c.do(ctx, cl)
	if err != nil {
		return nil, err
	}
	var w struct {
		Name  string `json:"name"`
		Users []struct {
			User     string  `json:"user"`
			Device   *string `json:"device"`
			Memo     string  `json:"memo"`
			Disabled flexInt `json:"disabled"`
		} `json:"users"`
	}
	if err := c.decodeInto(r, "group", &w); err != nil {
		return nil, err
	}
	g := &Group{Request: r.body.Request, Name: w.Name, Users: make([]GroupMember, 0, len(w.Users))}
	for _, u := range w.Users {
		m := GroupMember{User: u.User, Memo: u.Memo, Disabled: u.Disabled == 1}
		if u.Device != nil {
			m.Device = *u.Device
		}
		g.Users = append(g.Users, m)
	}
	return g, nil
}

// AddGroupUser adds user (on device, or every device when "") to group,
// with an optional memo (POST groups/{key}/add_user.json).
func (c *Client) AddGroupUser(ctx context.Context, group, user, device, memo string) error {
	if utf8.RuneCountInString(memo) > MaxMemoRunes {
		return invalid("memo", "at most %d runes, got %d", MaxMemoRunes, utf8.RuneCountInString(memo))
	}
	p := url.Values{}
	if memo != "" {
		p.Set("memo", memo)
	}
	return c.groupUser(ctx, "add_user", group, user, device, p)
}

// RemoveGroupUser removes user (the entry for device, when not "") from
// group (POST groups/{key}/remove_user.json).
func (c *Client) RemoveGroupUser(ctx context.Context, group, user, device string) error {
	return c.groupUser(ctx, "remove_user", group, user, device, url.Values{})
}

// DisableGroupUser keeps user in group but stops its notifications
// (POST groups/{key}/disable_user.json).
func (c *Client) DisableGroupUser(ctx context.Context, group, user, device string) error {
	return c.groupUser(ctx, "disable_user", group, user, device, url.Values{})
}

// EnableGroupUser resumes the notifications of a disabled member
// (POST groups/{key}/enable_user.json).
func (c *Client) EnableGroupUser(ctx context.Context, group, user, device string) error {
	return c.groupUser(ctx, "enable_user", group, user, device, url.Values{})
}

func (c *Client) groupUser(ctx context.Context, action, group, user, device string, p url.Values) error {
	if !ValidKey(group) {
		return invalid("group", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	if !ValidKey(user) {
		return invalid("user", "must be %d characters of [A-Za-z0-9]", keyLen)
	}
	if device != "" && !ValidDevice(device) {
		return invalid("device", "must be 1 to %d characters of [A-Za-z0-9_-]", MaxDeviceRunes)
	}
	p.Set("user", user)
	if device != "" {
		p.Set("device", device)
	}
	cl := c.post("group_"+action, "groups/"+url.PathEscape(group)+"/"+action+".json", p)
	cl.secrets = append(cl.secrets, group)
	_, err := c.do(ctx, cl)
	return err
}
