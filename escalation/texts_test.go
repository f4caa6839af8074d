package escalation

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestHeadline(t *testing.T) {
	tests := []struct {
		level  int
		missed []string
		want   string
	}{
		{2, nil, "Escalation (level 2)"},
		{2, []string{"alice"}, "Escalation (level 2): alice did not answer"},
		{3, []string{"alice", "bob"}, "Escalation (level 3): alice and bob did not answer"},
		{4, []string{"alice", "bob", "carol"}, "Escalation (level 4): alice, bob and carol did not answer"},
	}
	for _, tc := range tests {
		t.Run(tc.want, func(t *testing.T) {
			require.Equal(t, tc.want, Headline(tc.level, tc.missed))
		})
	}
}

func TestAckString(t *testing.T) {
	at := time.Date(2026, 12, 2, 3, 12, 0, 0, time.UTC)
	require.Equal(t, "acknowledged by bob (level 2) at 03:12:00 UTC via receipt poll",
		Ack{By: "bob", At: at, Level: 2, Via: "receipt poll"}.String())
	require.Equal(t, "acknowledged by a member of team at 03:12:00 UTC", Ack{By: "a member of team", At: at}.String())
}
