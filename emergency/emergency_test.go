package emergency

import (
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/stretchr/testify/require"
)

func TestAckName(t *testing.T) {
	rt := &Runtime{Recipients: map[string]string{"uQiRzpo4DXghDmr9QzzfQu27cmVRsG": "oncall", "gznej3rKEVAvPUxu9vvNnqpmZpokzF": "team"}}
	for _, tc := range []struct{ key, want string }{
		{"uQiRzpo4DXghDmr9QzzfQu27cmVRsG", "oncall"},
		{"gznej3rKEVAvPUxu9vvNnqpmZpokzF", "team"},
		{"uQiRzpo4DXghDmr9QzzfQu27cmVRsX", "a member of team"},
		{"", "a member of team"},
	} {
		require.Equal(t, tc.want, ackName(rt, "team", tc.key))
	}
}

func TestSilencesOfManyAlertsUseCommonLabels(t *testing.T) {
	e := ledger.Emergency{Route: "page", Recipient: "oncall", SilenceFor: time.Hour}
	for i := range maxSilencesPerAck + 1 {
		e.Labels = append(e.Labels, map[string]string{"alertname": "X", "instance": string(rune('a' + i))})
	}
	s := Silences(e, time.Unix(0, 0))
	require.Len(t, s, 1)
	require.Equal(t, []Matcher{{Name: "alertname", Value: "X", IsEqual: true}}, s[0].Matchers)
}

func TestTag(t *testing.T) {
	tag := Tag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "oncall")
	require.Regexp(t, `^amp-[0-9a-f]{24}$`, tag)
	require.Equal(t, tag, Tag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "oncall"))
	require.NotEqual(t, tag, Tag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "team"))
	require.NotEqual(t, tag, Tag("other", `{}:{alertname="HighLatency"}`, "page", "oncall"))
}
