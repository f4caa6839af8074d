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
	const am, gk = "http://am-a:9093", `{}:{alertname="HighLatency"}`
	tag := Tag("amp", am, "pushover-bridge", gk, "page", "oncall")
	require.Regexp(t, `^amp-[0-9a-f]{20}$`, tag)
	require.Equal(t, tag, Tag("amp", am, "pushover-bridge", gk, "page", "oncall"))
	require.NotEqual(t, tag, Tag("amp", am, "pushover-bridge", gk, "page", "team"))
	require.NotEqual(t, tag, Tag("amp", am, "other", gk, "page", "oncall"))
	require.NotEqual(t, tag, Tag("amp", "http://am-b:9093", "pushover-bridge", gk, "page", "oncall"), "another Alertmanager")
	require.NotEqual(t, tag, Tag("staging", am, "pushover-bridge", gk, "page", "oncall"), "another deployment")
}

func TestTagPrefix(t *testing.T) {
	require.Equal(t, "amp", (&Config{}).TagPrefix(""))
	require.Equal(t, "prod", (&Config{Tags: "prod"}).TagPrefix("http://am:9093"))
	a := (&Config{CallbackURL: "https://bridge.prod.example.com"}).TagPrefix("")
	b := (&Config{CallbackURL: "https://bridge.staging.example.com"}).TagPrefix("")
	require.Regexp(t, `^amp[0-9a-f]{6}$`, a)
	require.NotEqual(t, a, b, "derived from the deployment's own URL")
	require.Equal(t, a, (&Config{CallbackURL: "https://bridge.prod.example.com"}).TagPrefix(""), "the same on every replica")
	c := DefaultConfig()
	c.Tags = "no spaces"
	require.ErrorContains(t, c.Validate(), "tag_prefix")
}
