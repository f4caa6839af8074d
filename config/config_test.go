package config

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/alecthomas/units"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

const (
	token     = "azGDORePK8gMaC0QOYAMyEEuzJnyUi"
	oncallKey = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"
	teamKey   = "gznej3rKEVAvPUxu9vvNnqpmZpokzF"
)

func TestGoodFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.good.yml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			c, err := LoadFile(f)
			require.NoError(t, err)
			require.NotNil(t, c.Built().Router)
			require.NotNil(t, c.Built().Templates)
			require.Equal(t, token, c.Built().Token)
			text, err := os.ReadFile(f)
			require.NoError(t, err)
			require.Equal(t, text, c.Original(), "the text parsed, for the config hash")
		})
	}
}

func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.bad.yml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(f, ".yml") + ".err")
			require.NoError(t, err)
			_, err = LoadFile(f)
			require.Error(t, err)
			msg := strings.TrimPrefix(err.Error(), "config "+f+": ")
			require.Regexp(t, regexp.MustCompile(strings.TrimSpace(string(want))), msg)
			for _, s := range []string{token, oncallKey, teamKey} {
				require.NotContains(t, err.Error(), s)
			}
		})
	}
}

func TestDefaults(t *testing.T) {
	c, err := LoadFile("testdata/minimal.good.yml")
	require.NoError(t, err)
	require.Equal(t, pushover.DefaultBaseURL, c.Pushover.APIURL)
	require.Equal(t, pushover.DefaultTimeout, time.Duration(c.Pushover.Timeout))
	require.Equal(t, receiver.DefaultConfig(), c.Receiver)
	require.Empty(t, c.Built().ReceiverToken)
	require.False(t, c.Prometheus.Enabled(), "no charts unless prometheus.url is set")
	require.Equal(t, graph.DefaultTimeout, time.Duration(c.Prometheus.Timeout))
}

func TestFullFile(t *testing.T) {
	c, err := LoadFile("testdata/full.good.yml")
	require.NoError(t, err)
	require.Equal(t, "http://127.0.0.1:8080/1/", c.Pushover.APIURL)
	require.Equal(t, 3*time.Second, time.Duration(c.Pushover.Timeout))
	require.Equal(t, filepath.Join("testdata", "secrets/pushover-token"), c.Pushover.TokenFile, "resolved against the file's directory")
	require.Equal(t, units.MiB, c.Receiver.MaxBodyBytes)
	require.Equal(t, 5*time.Second, time.Duration(c.Receiver.Timeout))
	require.Equal(t, 10*time.Minute, time.Duration(c.Receiver.DedupWindow))
	require.Equal(t, 30*time.Minute, time.Duration(c.Receiver.QuotaRetryWindow))
	require.Equal(t, 2, c.Receiver.MaxConcurrency)
	require.Equal(t, []string{filepath.Join("testdata", "tmpl/*.tmpl")}, c.Templates)
	b := c.Built()
	require.Equal(t, "am-bearer-from-file", b.ReceiverToken)
	require.Len(t, b.Router.Routes, 2)
	require.Equal(t, oncallKey, b.Router.Routes[0].To[0].UserKey)
	require.ElementsMatch(t, []string{token, "am-bearer-from-file", b.CallbackSecret, oncallKey, teamKey}, c.Secrets())
	require.Len(t, b.CallbackSecret, 64, "derived from the app token")
	require.Equal(t, "http://prometheus:9090/prom", c.Prometheus.URL)
	require.Equal(t, 3*time.Second, time.Duration(c.Prometheus.Timeout))
	require.Equal(t, filepath.Join("testdata", "secrets/bearer"), c.Prometheus.HTTPClientConfig.BasicAuth.PasswordFile,
		"resolved against the file's directory")
	require.Equal(t, graph.Effective{Range: time.Hour, Width: 800, Height: 450, MaxSeries: 3}, b.Router.Routes[0].Settings.Graph)
	require.Zero(t, b.Router.Routes[1].Settings.Graph.Range, "no chart unless a route asks")
}

func TestPartialSectionKeepsDefaults(t *testing.T) {
	c, err := Load(`
pushover: {token: ` + token + `}
receiver: {timeout: 3s}
recipients: {oncall: {user_key: ` + oncallKey + `}}
routes: [{name: all, to: [oncall]}]
`)
	require.NoError(t, err)
	require.Equal(t, 3*time.Second, time.Duration(c.Receiver.Timeout))
	require.Equal(t, receiver.DefaultMaxBodyBytes, c.Receiver.MaxBodyBytes)
	require.Equal(t, receiver.DefaultMaxConcurrency, c.Receiver.MaxConcurrency)
}

func TestStringHidesSecrets(t *testing.T) {
	c, err := Load(`
pushover: {token: ` + token + `}
receiver: {bearer_token: my-bearer-token}
prometheus: {url: "http://prometheus:9090", bearer_token: my-prometheus-token}
recipients:
  oncall: {user_key: ` + oncallKey + `}
  team: {user_key: ` + teamKey + `}
routes: [{name: all, to: [oncall, team]}]
`)
	require.NoError(t, err)
	require.Contains(t, c.Secrets(), "my-prometheus-token", "redacted from logs too")
	s := c.String()
	for _, secret := range []string{token, oncallKey, teamKey, "my-bearer-token", "my-prometheus-token"} {
		require.NotContains(t, s, secret)
	}
	require.Contains(t, s, "token: <secret>")
	require.Contains(t, s, "bearer_token: <secret>")
	require.Contains(t, s, "user_key: <secret>")

	// What String prints loads again, minus the secrets.
	_, err = Load(strings.ReplaceAll(s, "<secret>", token))
	require.NoError(t, err)
}

func FuzzLoad(f *testing.F) {
	files, _ := filepath.Glob("testdata/*.yml")
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(b))
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := Load(s)
		if err != nil {
			return
		}
		_, err = Load(c.String())
		_ = err // secrets are redacted, so a round trip may fail on key format
	})
}

func TestLedgerRedis(t *testing.T) {
	c, err := LoadFile("testdata/ledger-redis.good.yml")
	require.NoError(t, err)
	require.NotNil(t, c.Ledger.Redis)
	require.Equal(t, filepath.Join("testdata", "secrets", "redis-url"), c.Ledger.Redis.URLFile,
		"url_file is relative to the config file")
	require.Equal(t, "prod/", c.Ledger.Redis.KeyPrefix)
	require.NotContains(t, c.String(), "hunter2")

	c, err = Load("pushover: {token: " + token + "}\nrecipients: {oncall: {user_key: " + oncallKey +
		"}}\nroutes: [{name: all, to: [oncall]}]\nledger: {redis: {url: 'redis://:hunter2-pw@valkey:6379/0'}}\n")
	require.NoError(t, err)
	require.NotContains(t, c.String(), "hunter2-pw")
}
