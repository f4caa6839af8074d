package receiver

import (
	"bytes"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// TestClusterMembersAreOneSource: the members of one Alertmanager HA
// cluster carry their own externalURL; listed in receiver.clusters, the
// same group from the second member is the same page (deduplicated), while
// an Alertmanager outside the list is a source of its own and pages.
func TestClusterMembersAreOneSource(t *testing.T) {
	body := readPayload(t, "05-warning-first.json") // externalURL http://vm:19093
	from := func(url string) []byte {
		return bytes.Replace(body, []byte(`"externalURL":"http://vm:19093"`), []byte(`"externalURL":"`+url+`"`), 1)
	}
	for _, tc := range []struct {
		name     string
		clusters [][]string
		second   string
	}{
		{"listed peers are one source", [][]string{{"http://vm:19093", "http://vm2:19093/"}}, "warn/team=deduplicated"},
		{"unlisted Alertmanagers are two sources", nil, "warn/team=sent"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFixture(t, testRouting, func(rt *Runtime) { rt.Config.Clusters = tc.clusters })
			code, a := f.post(t, from("http://vm:19093"))
			require.Equal(t, http.StatusOK, code, "%+v", a)
			require.Equal(t, []string{"warn/team=sent"}, outcomes(a))
			code, a = f.post(t, from("http://vm2:19093"))
			require.Equal(t, http.StatusOK, code, "%+v", a)
			require.Equal(t, []string{tc.second}, outcomes(a))
		})
	}
}

func TestClustersValidation(t *testing.T) {
	for _, tc := range []struct {
		yaml, err string
	}{
		{"clusters: [[http://a:9093, http://b:9093]]", ""},
		{"clusters: [[http://a:9093], [http://a:9093/]]", `receiver: clusters[1][0]: invalid value: "http://a:9093/" is already a member of clusters[0]`},
		{"clusters: [['']]", `receiver: clusters[0][0]: invalid value: "" is not the external URL of an Alertmanager`},
	} {
		var c Config
		err := yaml.Unmarshal([]byte(tc.yaml), &c)
		if tc.err == "" {
			require.NoError(t, err, tc.yaml)
			require.Equal(t, "http://a:9093", c.Source("http://b:9093/"))
			require.Equal(t, "http://c:9093", c.Source("http://c:9093"))
			continue
		}
		require.EqualError(t, err, tc.err, tc.yaml)
	}
}
