package routing

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func names(rs []*Recipient) []string {
	out := []string{}
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

// GroupMe rooms compile with their bot ids; fallback inherits from
// defaults like any key, and a route's own list (even empty) replaces it.
func TestGroupMeRecipientsAndFallback(t *testing.T) {
	r, err := load(t, "testdata/groupme-room.good.yml")
	require.NoError(t, err)
	byName := map[string]*Route{}
	for _, rt := range r.Routes {
		byName[rt.Name] = rt
	}
	require.Equal(t, []string{"db-room"}, names(byName["page-db"].Fallback))
	require.Equal(t, []string{"ops-room", "db-room"}, names(byName["page-ops"].Fallback))
	require.Empty(t, byName["team-room"].Fallback)
	require.Equal(t, "2m0s", byName["page-db"].Settings.FallbackAfter.String())
	require.Zero(t, byName["page-ops"].Settings.FallbackAfter)

	room := byName["team-room"].To[0]
	require.Equal(t, KindGroupMe, room.Kind)
	require.Equal(t, "roomBot0123456789abcdefABCDEF", room.BotID)
	require.Empty(t, room.UserKey)
	require.Equal(t, KindPushover, byName["page-db"].To[0].Kind)
	require.Equal(t, "db-room (GroupMe)", room.String())
	require.NotContains(t, room.GoString(), room.BotID)
	require.Equal(t, []string{"db-room"}, r.Describe()[0].Fallback)
}

func TestEscalationCannotPageARoom(t *testing.T) {
	cfg, err := decode([]byte(`
recipients:
  me: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}
  room: {groupme: {bot_id: roomBot0123456789}}
routes:
  - {name: r, to: [me], priority: emergency, escalate: [{after: 5m, to: [room]}]}
`))
	require.NoError(t, err)
	_, err = Compile(cfg, "")
	require.EqualError(t, err, `route "r": escalate[0].to[0]: invalid value: "room" is a GroupMe room: escalation pages Pushover recipients (use fallback for rooms)`)
}
