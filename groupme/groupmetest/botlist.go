package groupmetest

import (
	"net/http"
	"sort"
)

// listedBot is one element of GET /v3/bots's response.
type listedBot struct {
	BotID          string  `json:"bot_id"`
	GroupID        string  `json:"group_id"`
	Name           string  `json:"name"`
	AvatarURL      *string `json:"avatar_url"`
	CallbackURL    *string `json:"callback_url"`
	DMNotification bool    `json:"dm_notification"`
}

// handleBots is GET /v3/bots (https://dev.groupme.com/docs/v3#bots_index):
// the bots "that you have created", in the response envelope. The fake
// has no users: any known access token (header or token parameter) sees
// every bot, named "bot <group>".
func (s *Server) handleBots(r *http.Request) *reply {
	s.mu.Lock()
	defer s.mu.Unlock()
	if !s.st.tokens[token(r)] {
		return fail(http.StatusUnauthorized, "unauthorized")
	}
	list := make([]listedBot, 0, len(s.st.bots))
	for id, group := range s.st.bots {
		list = append(list, listedBot{BotID: id, GroupID: group, Name: "bot " + group})
	}
	sort.Slice(list, func(i, j int) bool { return list[i].BotID < list[j].BotID })
	return &reply{code: http.StatusOK, body: envelope{Response: list, Meta: meta{Code: http.StatusOK, Errors: nil}}}
}
