package graph

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// decode decodes a document's prometheus section strictly, as package config does.
func decode(s string) (Config, error) {
	var doc struct {
		Prometheus Config `yaml:"prometheus"`
	}
	doc.Prometheus = DefaultConfig()
	dec := yaml.NewDecoder(strings.NewReader(s))
	dec.KnownFields(true)
	err := dec.Decode(&doc)
	return doc.Prometheus, err
}

func TestConfig(t *testing.T) {
	c, err := decode(`
prometheus:
  url: https://prometheus.example:9090/prom
  timeout: 3s
  bearer_token: s3cr3t
  tls_config: {insecure_skip_verify: true}
`)
	require.NoError(t, err)
	require.True(t, c.Enabled())
	require.Equal(t, model.Duration(3*time.Second), c.Timeout)
	require.True(t, c.HTTPClientConfig.TLSConfig.InsecureSkipVerify)
	require.True(t, c.HTTPClientConfig.FollowRedirects, "Prometheus' HTTP client defaults apply")
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	require.NotContains(t, string(out), "s3cr3t")
}

func TestConfigDefaults(t *testing.T) {
	c, err := decode("prometheus: {url: 'http://p:9090'}\n")
	require.NoError(t, err)
	require.Equal(t, model.Duration(DefaultTimeout), c.Timeout)
	c, err = decode("other: 1\n")
	require.ErrorContains(t, err, "field other not found")
	require.False(t, c.Enabled(), "no section, no charts")
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct{ name, yaml, msg string }{
		{"unknown key", "prometheus: {url: 'http://p', tiemout: 1s}", "field tiemout not found"},
		{"relative url", "prometheus: {url: 'p:9090'}", "prometheus: url: invalid value: want an absolute http(s) URL"},
		{"ftp", "prometheus: {url: 'ftp://p'}", "want an absolute http(s) URL"},
		{"userinfo", "prometheus: {url: 'http://admin:hunter2@p'}", "must not hold credentials"},
		{"query", "prometheus: {url: 'http://p/?x=1'}", "must not have a query"},
		{"zero timeout", "prometheus: {url: 'http://p', timeout: 0s}", "prometheus: timeout: invalid value: must be positive"},
		{"bad timeout", "prometheus: {url: 'http://p', timeout: soon}", "timeout"},
		{"two tokens", "prometheus: {url: 'http://p', bearer_token: hunter2, bearer_token_file: /f}", "at most one of bearer_token & bearer_token_file"},
		{"token and basic auth", "prometheus: {url: 'http://p', bearer_token: hunter2, basic_auth: {username: u, password: hunter2}}", "at most one of basic_auth"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := decode(tc.yaml)
			require.ErrorContains(t, err, tc.msg)
			require.NotContains(t, err.Error(), "hunter2", "no secret in the error")
		})
	}
}

func TestConfigResolvePaths(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "token"), []byte("from-file\n"), 0o600))
	c, err := decode("prometheus: {url: 'http://p', bearer_token_file: token}")
	require.NoError(t, err)
	c.ResolvePaths(dir)
	require.Equal(t, filepath.Join(dir, "token"), c.HTTPClientConfig.Authorization.CredentialsFile)
}

func TestNewClientNeedsURL(t *testing.T) {
	_, err := New(DefaultConfig(), nil)
	require.ErrorIs(t, err, ErrInvalid)
	require.ErrorContains(t, err, "prometheus: url")
}
