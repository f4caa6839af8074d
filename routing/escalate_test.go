package routing

import (
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

// escConfig is a configuration with recipients a, b, c, the given
// defaults and routes (YAML flow mappings, one a line).
func escConfig(defaults, routes string) string {
	return `
recipients:
  a: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}
  b: {user_key: uQiRzpo4DXghDmr9QzzfQu27cmVRsG}
  c: {user_key: azGDORePK8gMaC0QOYAMyEEuzJnyUi}
defaults: {` + defaults + `}
routes:
` + routes
}

// schedules accepts the names of two schedules, as the config layer would.
var schedules = Options{Names: func(n string) bool { return n == "db-primary" || n == "db-secondary" }}

func compileEsc(t *testing.T, y string, o Options) (*Router, error) {
	t.Helper()
	cfg, err := decode([]byte(y))
	require.NoError(t, err)
	return CompileWith(cfg, t.TempDir(), o)
}

func TestEscalateGood(t *testing.T) {
	ten, twentyFive := 10*time.Minute, 25*time.Minute
	tests := []struct {
		name     string
		defaults string
		routes   string
		opts     Options
		want     [][]EscalationLevel // per route
	}{
		{"levels", "", `
  - {name: r, to: [a], priority: emergency, escalate: [{after: 10m, to: [b]}, {after: 25m, to: [b, c]}]}`,
			Options{}, [][]EscalationLevel{{{ten, []string{"b"}}, {twentyFive, []string{"b", "c"}}}}},
		{"schedule names", "", `
  - {name: r, to: [a], priority: emergency, escalate: [{after: 10m, to: [db-secondary, c]}]}`,
			schedules, [][]EscalationLevel{{{ten, []string{"db-secondary", "c"}}}}},
		{"inherited from defaults, overridden, turned off", "priority: emergency, escalate: [{after: 10m, to: [b]}]", `
  - {name: inherits, to: [a]}
  - {name: overrides, to: [a], escalate: [{after: 25m, to: [c]}]}
  - {name: off, to: [a], escalate: []}
  - {name: null-inherits, to: [a], escalate: null}`,
			Options{}, [][]EscalationLevel{
				{{ten, []string{"b"}}}, {{twentyFive, []string{"c"}}}, nil, {{ten, []string{"b"}}},
			}},
		{"inherited levels do not apply to a non-emergency route", "escalate: [{after: 10m, to: [b]}]", `
  - {name: normal, to: [a]}
  - {name: page, to: [a], priority: emergency}`,
			Options{}, [][]EscalationLevel{nil, {{ten, []string{"b"}}}}},
		{"a templated priority keeps its levels", "", `
  - {name: r, to: [a], priority: '{{ if eq .CommonLabels.severity "critical" }}2{{ else }}0{{ end }}',
     escalate: [{after: 10m, to: [b]}]}`,
			Options{}, [][]EscalationLevel{{{ten, []string{"b"}}}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := compileEsc(t, escConfig(tc.defaults, tc.routes), tc.opts)
			require.NoError(t, err)
			require.Len(t, r.Routes, len(tc.want))
			for i, want := range tc.want {
				require.Equal(t, want, r.Routes[i].Settings.Escalate, r.Routes[i].Name)
			}
		})
	}
}

func TestEscalateBad(t *testing.T) {
	tests := []struct {
		name     string
		defaults string
		routes   string
		opts     Options
		want     []string // every error, in order
		sentinel error
	}{
		{"after zero", "", `  - {name: r, to: [a], priority: emergency, escalate: [{to: [b]}]}`, Options{},
			[]string{`route "r": escalate[0].after: invalid value: 0s must be above 0`}, configerr.ErrInvalid},
		{"after not increasing", "", `
  - {name: r, to: [a], priority: emergency, escalate: [{after: 10m, to: [b]}, {after: 10m, to: [c]}, {after: 5m, to: [c]}]}`,
			Options{}, []string{
				`route "r": escalate[1].after: invalid value: 10m must be later than the level before it (10m)`,
				`route "r": escalate[2].after: invalid value: 5m must be later than the level before it (10m)`,
			}, configerr.ErrInvalid},
		{"empty to", "", `  - {name: r, to: [a], priority: emergency, escalate: [{after: 1m, to: []}]}`, Options{},
			[]string{`route "r": escalate[0].to: missing value: a level needs at least one recipient or schedule`}, configerr.ErrMissing},
		{"unknown name", "", `  - {name: r, to: [a], priority: emergency, escalate: [{after: 1m, to: [b, db-primary]}]}`,
			Options{}, []string{`route "r": escalate[0].to[1]: unknown recipient: "db-primary" is not a recipient or a schedule`},
			ErrUnknownRecipient},
		{"unknown name with schedules", "", `  - {name: r, to: [a], priority: emergency, escalate: [{after: 1m, to: [db-tertiary]}]}`,
			schedules, []string{`route "r": escalate[0].to[0]: unknown recipient: "db-tertiary" is not a recipient or a schedule`},
			ErrUnknownRecipient},
		{"listed twice", "", `  - {name: r, to: [a], priority: emergency, escalate: [{after: 1m, to: [b, b]}]}`, Options{},
			[]string{`route "r": escalate[0].to[1]: duplicate: "b" is listed twice`}, ErrDuplicate},
		{"bad level in defaults", "escalate: [{after: 0s, to: [nobody]}]", `  - {name: r, to: [a]}`, Options{},
			[]string{
				`defaults: escalate[0].after: invalid value: 0s must be above 0`,
				`defaults: escalate[0].to[0]: unknown recipient: "nobody" is not a recipient or a schedule`,
			}, configerr.ErrInvalid},
		{"static non-emergency priority", "", `  - {name: r, to: [a], priority: high, escalate: [{after: 1m, to: [b]}]}`,
			Options{}, []string{`route "r": escalate: invalid value: escalation applies only to emergencies, and the priority is "high"`},
			configerr.ErrInvalid},
		{"non-emergency priority inherited", "priority: normal", `  - {name: r, to: [a], escalate: [{after: 1m, to: [b]}]}`,
			Options{}, []string{`route "r": escalate: invalid value: escalation applies only to emergencies, ` +
				`and the priority is "normal" (priority inherited from defaults)`}, configerr.ErrInvalid},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r, err := compileEsc(t, escConfig(tc.defaults, tc.routes), tc.opts)
			require.Nil(t, r)
			require.ErrorIs(t, err, tc.sentinel)
			var got []string
			for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
				var ce *configerr.ConfigError
				require.True(t, errors.As(e, &ce), "every error is located: %v", e)
				got = append(got, e.Error())
			}
			require.Equal(t, tc.want, got)
		})
	}
}

func TestEscalateUnknownKeyIsAnError(t *testing.T) {
	_, err := decode([]byte(escConfig("", `  - {name: r, to: [a], escalate: [{after: 1m, to: [b], repeat: 2}]}`)))
	require.ErrorContains(t, err, "field repeat not found")
}

func TestCompileAcceptsOnlyRecipients(t *testing.T) {
	cfg, err := decode([]byte(escConfig("",
		`  - {name: r, to: [a], priority: emergency, escalate: [{after: 1m, to: [db-primary]}]}`)))
	require.NoError(t, err)
	_, err = Compile(cfg, t.TempDir())
	require.ErrorIs(t, err, ErrUnknownRecipient)
}

func TestExplainShowsEscalation(t *testing.T) {
	r, err := compileEsc(t, escConfig("", `
  - {name: page, to: [a], priority: emergency, escalate: [{after: 10m, to: [b]}, {after: 1h30m, to: [db-primary, c]}]}
  - {name: quiet, to: [a]}`), schedules)
	require.NoError(t, err)
	want := []EscalationSummary{{After: "10m", To: []string{"b"}}, {After: "1h30m", To: []string{"db-primary", "c"}}}
	ex := r.Explain("any", map[string]string{})
	require.Len(t, ex, 1)
	require.Equal(t, want, ex[0].Escalate)
	require.Equal(t, "after 1h30m: db-primary, c", ex[0].Escalate[1].String())
	d := r.Describe()
	require.Equal(t, want, d[0].Escalate)
	require.Empty(t, d[1].Escalate)
}
