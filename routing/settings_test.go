package routing

import (
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

func TestDefaultSettingsApplyWhenUnset(t *testing.T) {
	r := mustCompile(t, oneRoute(`[]`))
	require.Equal(t, Effective{
		Priority:           "normal",
		Format:             "html",
		Title:              `{{ template "pushover.title" . }}`,
		Message:            `{{ template "pushover.message" . }}`,
		URL:                `{{ template "pushover.url" . }}`,
		URLTitle:           `{{ template "pushover.url_title" . }}`,
		Retry:              time.Minute,
		Expire:             time.Hour,
		SendResolved:       true,
		ResolvedPriority:   int(pushover.PriorityLow),
		RepeatWhileRinging: false,
		Graph:              graph.Effective{Width: 800, Height: 450, MaxSeries: 5},
	}, r.Routes[0].Settings)
}

func TestDefaultSettingsIsFresh(t *testing.T) {
	a := DefaultSettings()
	*a.Priority = "high"
	require.Equal(t, "normal", *DefaultSettings().Priority)
}

func TestInheritance(t *testing.T) {
	r := mustCompile(t, `
recipients: {me: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}}
defaults:
  priority: high
  sound: pushover
  ttl: 1h
  send_resolved: false
  silence_on_ack: 30m
routes:
  - name: override
    to: [me]
    priority: emergency
    sound: siren
    send_resolved: true
    retry: 2m
    resolved_priority: lowest
    resolved_sound: none
    repeat_while_ringing: true
  - name: inherit
    to: [me]
    format: text
    title: "{{ .Status }}"
  - name: explicit-empty-and-null
    to: [me]
    sound: ""
    ttl: null
`)
	tests := []struct {
		route string
		check func(t *testing.T, e Effective)
	}{
		{"override", func(t *testing.T, e Effective) {
			require.Equal(t, "emergency", e.Priority)
			require.Equal(t, "siren", e.Sound)
			require.True(t, e.SendResolved)
			require.Equal(t, 2*time.Minute, e.Retry)
			require.Equal(t, time.Hour, e.Expire, "built-in default")
			require.Equal(t, time.Hour, e.TTL, "from defaults")
			require.Equal(t, -2, e.ResolvedPriority)
			require.Equal(t, "none", e.ResolvedSound)
			require.True(t, e.RepeatWhileRinging)
			require.Equal(t, 30*time.Minute, e.SilenceOnAck)
		}},
		{"inherit", func(t *testing.T, e Effective) {
			require.Equal(t, "high", e.Priority)
			require.Equal(t, "pushover", e.Sound)
			require.False(t, e.SendResolved)
			require.Equal(t, "text", e.Format)
			require.Equal(t, "{{ .Status }}", e.Title)
			require.Equal(t, `{{ template "pushover.message" . }}`, e.Message)
			require.Equal(t, -1, e.ResolvedPriority)
		}},
		{"explicit-empty-and-null", func(t *testing.T, e Effective) {
			require.Empty(t, e.Sound, "an explicit empty value overrides")
			require.Equal(t, time.Hour, e.TTL, "null inherits")
		}},
	}
	for i, tc := range tests {
		t.Run(tc.route, func(t *testing.T) {
			require.Equal(t, tc.route, r.Routes[i].Name)
			tc.check(t, r.Routes[i].Settings)
		})
	}
}

func TestParsePriorityIsInvalidValue(t *testing.T) {
	tests := []struct {
		in      string
		want    pushover.Priority
		wantErr bool
	}{
		{"lowest", pushover.PriorityLowest, false},
		{"low", pushover.PriorityLow, false},
		{"normal", pushover.PriorityNormal, false},
		{"high", pushover.PriorityHigh, false},
		{"emergency", pushover.PriorityEmergency, false},
		{" Emergency ", pushover.PriorityEmergency, false},
		{"-2", pushover.PriorityLowest, false},
		{"0", pushover.PriorityNormal, false},
		{"2", pushover.PriorityEmergency, false},
		{"+1", pushover.PriorityHigh, false},
		{"3", 0, true},
		{"-3", 0, true},
		{"", 0, true},
		{"urgent", 0, true},
		{"1.5", 0, true},
		{"{{ .x }}", 0, true},
	}
	for _, tc := range tests {
		t.Run(tc.in, func(t *testing.T) {
			got, err := parsePriority(tc.in)
			if tc.wantErr {
				require.ErrorIs(t, err, configerr.ErrInvalid)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}

func TestStaticPriority(t *testing.T) {
	tests := []struct {
		prio      string
		want      pushover.Priority
		static    bool
		emergency bool
	}{
		{"high", pushover.PriorityHigh, true, false},
		{"2", pushover.PriorityEmergency, true, true},
		{"emergency", pushover.PriorityEmergency, true, true},
		{`{{ if .x }}emergency{{ end }}`, 0, false, true},
	}
	for _, tc := range tests {
		t.Run(tc.prio, func(t *testing.T) {
			e := Effective{Priority: tc.prio}
			got, ok := e.StaticPriority()
			require.Equal(t, tc.static, ok)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.emergency, e.MayBeEmergency())
		})
	}
}

// TestGraphInheritsFieldByField: a route's graph key overrides only the
// fields it sets; the rest come from defaults.graph, then the built-in
// options; range 0s turns the chart off for one route.
func TestGraphInheritsFieldByField(t *testing.T) {
	r := mustCompile(t, `
recipients: {me: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}}
defaults:
  graph: {range: 1h, width: 600}
routes:
  - {name: inherit, to: [me]}
  - {name: taller, to: [me], graph: {height: 900, max_series: 3}}
  - {name: off, to: [me], graph: {range: 0s}}
`)
	want := map[string]graph.Effective{
		"inherit": {Range: time.Hour, Width: 600, Height: 450, MaxSeries: 5},
		"taller":  {Range: time.Hour, Width: 600, Height: 900, MaxSeries: 3},
		"off":     {Range: 0, Width: 600, Height: 450, MaxSeries: 5},
	}
	for _, rt := range r.Routes {
		require.Equal(t, want[rt.Name], rt.Settings.Graph, rt.Name)
	}
}
