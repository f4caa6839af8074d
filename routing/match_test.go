package routing

import (
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/stretchr/testify/require"
)

// mustCompile decodes and compiles a configuration held in a string.
func mustCompile(t testing.TB, y string) *Router {
	t.Helper()
	cfg, err := decode([]byte(y))
	require.NoError(t, err)
	r, err := Compile(cfg, t.TempDir())
	require.NoError(t, err)
	return r
}

// oneRoute is a configuration with a single route with these matchers.
func oneRoute(matchers string) string {
	return `
recipients: {me: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}}
routes: [{name: r, to: [me], matchers: ` + matchers + `}]
`
}

func TestMatcherSemantics(t *testing.T) {
	tests := []struct {
		name     string
		matchers string
		labels   map[string]string
		want     bool
	}{
		{"equal", `['severity="critical"']`, map[string]string{"severity": "critical"}, true},
		{"equal other value", `['severity="critical"']`, map[string]string{"severity": "warning"}, false},
		{"equal unquoted", `['severity=critical']`, map[string]string{"severity": "critical"}, true},
		{"equal missing label", `['severity="critical"']`, map[string]string{}, false},
		{"equal empty matches missing", `['team=""']`, map[string]string{"severity": "x"}, true},
		{"equal empty rejects present", `['team=""']`, map[string]string{"team": "db"}, false},
		{"not equal", `['env!="dev"']`, map[string]string{"env": "prod"}, true},
		{"not equal same", `['env!="dev"']`, map[string]string{"env": "dev"}, false},
		{"not equal missing label", `['env!="dev"']`, nil, true},
		{"regexp", `['team=~"db|storage"']`, map[string]string{"team": "storage"}, true},
		{"regexp anchored at start", `['team=~"db"']`, map[string]string{"team": "xdb"}, false},
		{"regexp anchored at end", `['team=~"db"']`, map[string]string{"team": "dbx"}, false},
		{"regexp alternation anchored", `['team=~"db|storage"']`, map[string]string{"team": "storagex"}, false},
		{"regexp missing label", `['team=~"db"']`, nil, false},
		{"regexp matching empty, missing label", `['team=~"db|"']`, nil, true},
		{"negative regexp", `['team!~"db.*"']`, map[string]string{"team": "web"}, true},
		{"negative regexp matches", `['team!~"db.*"']`, map[string]string{"team": "db-1"}, false},
		{"negative regexp missing label", `['team!~"db.*"']`, nil, true},
		{"all must match", `['a="1"', 'b="2"']`, map[string]string{"a": "1", "b": "3"}, false},
		{"all match", `['a="1"', 'b="2"']`, map[string]string{"a": "1", "b": "2"}, true},
		{"braces set", `['{a="1", b=~"2|3"}']`, map[string]string{"a": "1", "b": "3"}, true},
		{"braces set fails", `['{a="1", b=~"2|3"}']`, map[string]string{"a": "1", "b": "4"}, false},
		{"quoted comma", `['{msg="a,b", c="d"}']`, map[string]string{"msg": "a,b", "c": "d"}, true},
		{"escaped quote", `['msg="say \"hi\""']`, map[string]string{"msg": `say "hi"`}, true},
		{"escaped backslash and newline", `['msg="a\\b\nc"']`, map[string]string{"msg": "a\\b\nc"}, true},
		{"spaces around", `['  severity  =  "critical"  ']`, map[string]string{"severity": "critical"}, true},
		{"unicode value", `['summary="Ünïcödé 🚨"']`, map[string]string{"summary": "Ünïcödé 🚨"}, true},
		// UTF-8 label names, as Alertmanager 0.27+ accepts them (issue 10, item 8).
		{"UTF-8 name", `['"k8s.namespace"="prod"']`, map[string]string{"k8s.namespace": "prod"}, true},
		{"UTF-8 name other value", `['"k8s.namespace"="prod"']`, map[string]string{"k8s.namespace": "dev"}, false},
		{"UTF-8 name regexp in braces", `['{"service.name"=~"api-.*", env="prod"}']`,
			map[string]string{"service.name": "api-1", "env": "prod"}, true},
		{"UTF-8 name with spaces and emoji", `['"ölçü 🚨"!="x"']`, map[string]string{"ölçü 🚨": "y"}, true},
		{"UTF-8 unquoted value", `['"k8s.namespace"=prod']`, map[string]string{"k8s.namespace": "prod"}, true},
		{"no matchers matches all", `[]`, map[string]string{"anything": "x"}, true},
		{"no matchers matches empty", `[]`, nil, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := mustCompile(t, oneRoute(tc.matchers))
			require.Equal(t, tc.want, len(r.Match("any", tc.labels)) == 1)
		})
	}
}

const orderConfig = `
recipients:
  a: {user_key: gznej3rKEVAvPUxu9vvNnqpmZpokzF}
routes:
  - {name: crit-db, to: [a], matchers: ['severity="critical"', 'team="db"'], continue: true}
  - {name: crit, to: [a], matchers: ['severity="critical"']}
  - {name: staging-only, to: [a], receiver: 'staging|pushover-staging'}
  - {name: warn, to: [a], matchers: ['severity="warning"'], continue: true}
  - {name: catch-all, to: [a]}
`

func TestMatchOrderContinueAndReceiver(t *testing.T) {
	r := mustCompile(t, orderConfig)
	tests := []struct {
		name     string
		receiver string
		labels   map[string]string
		want     []string
	}{
		{"first match wins", "prod", map[string]string{"severity": "critical"}, []string{"crit"}},
		{"continue falls through to next match", "prod", map[string]string{"severity": "critical", "team": "db"}, []string{"crit-db", "crit"}},
		{"continue reaches the catch-all", "prod", map[string]string{"severity": "warning"}, []string{"warn", "catch-all"}},
		{"catch-all", "prod", map[string]string{"severity": "info"}, []string{"catch-all"}},
		{"receiver filter", "staging", map[string]string{"severity": "info"}, []string{"staging-only"}},
		{"receiver filter is anchored", "staging-2", map[string]string{"severity": "info"}, []string{"catch-all"}},
		{"receiver filter alternation is anchored", "xpushover-staging", nil, []string{"catch-all"}},
		{"earlier stop beats receiver", "staging", map[string]string{"severity": "critical"}, []string{"crit"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			var got []string
			for _, rt := range r.Match(tc.receiver, tc.labels) {
				got = append(got, rt.Name)
			}
			require.Equal(t, tc.want, got)
		})
	}
}

func TestMatchNothing(t *testing.T) {
	r := mustCompile(t, oneRoute(`['severity="critical"']`))
	require.Empty(t, r.Match("x", map[string]string{"severity": "warning"}))
}

func TestParseMatchers(t *testing.T) {
	ms, err := ParseMatchers([]string{`{a="1",b!~"x|y"}`, `c=~d`})
	require.NoError(t, err)
	require.Equal(t, `{a="1",b!~"x|y",c=~"d"}`, ms.String())

	ms, err = ParseMatchers([]string{`"k8s.namespace"="prod"`})
	require.NoError(t, err)
	again, err := ParseMatchers([]string{ms.String()})
	require.NoError(t, err, "a UTF-8 name prints as Alertmanager prints it, and parses again")
	require.Equal(t, ms.String(), again.String())

	_, err = ParseMatchers([]string{`a="1"`, `b="unterminated`})
	require.ErrorIs(t, err, configerr.ErrInvalid)
	require.ErrorContains(t, err, "matchers[1]")
}
