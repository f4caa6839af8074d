package groupme

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
)

// Bot is what GroupMe says of one bot (https://dev.groupme.com/docs/v3#bots_index):
// its name and the group it posts into. It holds no bot id.
type Bot struct {
	Name    string
	GroupID string
}

// botsAnswer is the answer of GET /bots, in its envelope:
// {"response": [{"bot_id", "group_id", "name", …}], "meta": {"code": 200}}.
type botsAnswer struct {
	Response []struct {
		BotID   string `json:"bot_id"`
		GroupID string `json:"group_id"`
		Name    string `json:"name"`
	} `json:"response"`
}

// decodeBots returns the bots of an answer of GET /bots, by bot id.
func decodeBots(data []byte) (map[string]Bot, error) {
	var a botsAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		return nil, fmt.Errorf("%w: not the documented bot list", errBadBody)
	}
	out := make(map[string]Bot, len(a.Response))
	for _, b := range a.Response {
		out[b.BotID] = Bot{Name: clip(b.Name, maxErrorRunes), GroupID: clip(b.GroupID, maxErrorRunes)}
	}
	return out, nil
}

// LookupBots says, for each bot id, which bot of the access token's user
// it is: GET /v3/bots lists "bots that you have created", with the token
// in the X-Access-Token header (https://dev.groupme.com/tutorials/oauth
// documents the header as an alternative to the token parameter, which
// would put the token in the URL). An entry is nil for an id the user has
// no bot for. It is for `check-config --online`; it needs an access token.
func (c *Client) LookupBots(ctx context.Context, ids ...string) ([]*Bot, error) {
	if c.accessToken == "" {
		return nil, &ValidationError{Field: "access_token", Rule: "needed to look bots up", Err: ErrNoAccessToken}
	}
	var bots map[string]Bot
	_, err := c.do(ctx, &call{
		method: http.MethodGet, endpoint: EndpointBots, url: c.api.JoinPath("bots").String(),
		header:  http.Header{"X-Access-Token": []string{c.accessToken}},
		secrets: append([]string{c.accessToken}, ids...),
		check: func(a *answer) (err error) {
			if bots, err = decodeBots(a.body); err != nil {
				return &TemporaryError{Endpoint: EndpointBots, StatusCode: a.status, Err: err}
			}
			return nil
		},
	})
	if err != nil {
		return nil, err
	}
	out := make([]*Bot, len(ids))
	for i, id := range ids {
		if b, ok := bots[id]; ok && id != "" {
			out[i] = &b
		}
	}
	return out, nil
}
