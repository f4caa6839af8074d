package routing

import (
	"encoding/json"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExplain(t *testing.T) {
	r, err := load(t, "testdata/full.good.yml")
	require.NoError(t, err)

	got := r.Explain("pushover-bridge", map[string]string{"severity": "critical", "team": "db"})
	require.Equal(t, []Explanation{{
		Route:      "page-db",
		Recipients: []RecipientSummary{{Name: "oncall", Devices: []string{"phone"}}},
		Priority:   "emergency",
		Sound:      "siren",
	}}, got)

	got = r.Explain("pushover-bridge", map[string]string{"severity": "warning"})
	require.Equal(t, []Explanation{{
		Route: "everything-else",
		Recipients: []RecipientSummary{
			{Name: "db-team"},
			{Name: "from-file", Devices: []string{"pixel_8", "ipad-2"}},
		},
		Priority: "normal",
	}}, got)
	requireNoKeys(t, r, got)
}

func TestDescribe(t *testing.T) {
	r, err := load(t, "testdata/templated.good.yml")
	require.NoError(t, err)
	got := r.Describe()
	require.Equal(t, []RouteSummary{{
		Name:       "all",
		Matchers:   []string{`severity=~"critical|warning"`, `env!="dev"`, `alertname!~"Watchdog|InfoInhibitor"`},
		Receiver:   `^(?:pushover-.*)$`,
		Recipients: []string{"me"},
		Priority:   `{{ if eq .CommonLabels.severity "critical" }}emergency{{ else }}normal{{ end }}`,
	}}, got)
	requireNoKeys(t, r, got)
}

// requireNoKeys checks that v, as JSON, holds none of the router's keys.
func requireNoKeys(t *testing.T, r *Router, v any) {
	t.Helper()
	b, err := json.Marshal(v)
	require.NoError(t, err)
	for _, rcp := range r.Recipients {
		require.NotContains(t, string(b), rcp.UserKey)
	}
}

func TestParseLabels(t *testing.T) {
	tests := []struct {
		name    string
		args    []string
		want    map[string]string
		wantErr string
	}{
		{"plain", []string{"severity=critical", "team=db"}, map[string]string{"severity": "critical", "team": "db"}, ""},
		{"double quoted", []string{`summary="disk \"/\" full, 95%"`}, map[string]string{"summary": `disk "/" full, 95%`}, ""},
		{"single quoted", []string{`summary='a "b" \n'`}, map[string]string{"summary": `a "b" \n`}, ""},
		{"empty value", []string{"team="}, map[string]string{"team": ""}, ""},
		{"equals in value", []string{"expr=a==b"}, map[string]string{"expr": "a==b"}, ""},
		{"no args", nil, map[string]string{}, ""},
		{"no equals", []string{"severity"}, nil, `"severity" is not name=value`},
		{"UTF-8 name", []string{"k8s.namespace=prod", "1x=a"}, map[string]string{"k8s.namespace": "prod", "1x": "a"}, ""},
		{"quoted name", []string{`"k8s ns=x"="prod"`}, map[string]string{"k8s ns=x": "prod"}, ""},
		{"bad quoted name", []string{`"k8s=prod`}, nil, `"\"k8s=prod" is not name=value`},
		{"invalid UTF-8 name", []string{"\xff=a"}, nil, `is not name=value`},
		{"empty name", []string{"=a"}, nil, `"=a" is not name=value`},
		{"duplicate", []string{"a=1", "a=2"}, nil, `label "a" given twice`},
		{"unterminated", []string{`a="x`}, nil, `label "a": unterminated quote`},
		{"bad escape", []string{`a="\q"`}, nil, `label "a": invalid syntax`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, err := ParseLabels(tc.args)
			if tc.wantErr != "" {
				require.ErrorContains(t, err, tc.wantErr)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, got)
		})
	}
}
