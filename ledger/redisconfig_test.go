package ledger

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

func TestRedisConfig(t *testing.T) {
	const secretURL = "redis://user:hunter2-pw@valkey:6379/0"
	for _, tc := range []struct {
		name, yaml string
		want       *RedisConfig
		is         error
		err        string
	}{
		{"no redis: the local ledger", "retention: 2h", nil, nil, ""},
		{"url", "redis: {url: '" + secretURL + "'}", &RedisConfig{URL: secretURL, KeyPrefix: DefaultRedisKeyPrefix}, nil, ""},
		{"url_file and prefix", "redis: {url_file: /run/secrets/redis, key_prefix: prod/}",
			&RedisConfig{URLFile: "/run/secrets/redis", KeyPrefix: "prod/"}, nil, ""},
		{"tls", "redis: {url: 'rediss://valkey:6380', tls_config: {ca_file: /etc/ca.crt, server_name: valkey}}",
			&RedisConfig{URL: "rediss://valkey:6380", KeyPrefix: DefaultRedisKeyPrefix,
				TLSConfig: commoncfg.TLSConfig{CAFile: "/etc/ca.crt", ServerName: "valkey"}}, nil, ""},
		{"bad tls_config", "redis: {url: 'rediss://valkey:6380', tls_config: {ca: x, ca_file: y}}", nil, nil, "tls_config: at most one of ca, ca_file"},
		{"neither", "redis: {key_prefix: x/}", nil, configerr.ErrMissing, "ledger.redis: url: missing value: one of url and url_file is required"},
		{"both", "redis: {url: 'redis://a', url_file: f}", nil, configerr.ErrInvalid, "at most one of url and url_file"},
		{"scheme", "redis: {url: 'http://user:hunter2-pw@valkey'}", nil, configerr.ErrInvalid, `scheme must be redis or rediss, got "http"`},
		{"no host", "redis: {url: 'redis:///0'}", nil, configerr.ErrInvalid, "no host"},
		{"bad db", "redis: {url: 'redis://:hunter2-pw@valkey:6379/notadb'}", nil, configerr.ErrInvalid, `database number, got "notadb"`},
		{"not a URL", "redis: {url: 'redis://:hunter2-pw@valkey:6379/%zz'}", nil, configerr.ErrInvalid, "ledger.redis: url"},
		{"unknown field", "redis: {url: 'redis://a', address: b}", nil, nil, "address"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			dec := yaml.NewDecoder(strings.NewReader(tc.yaml))
			dec.KnownFields(true)
			err := dec.Decode(&c)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				if tc.is != nil {
					require.ErrorIs(t, err, tc.is)
				}
				require.NotContains(t, err.Error(), "hunter2-pw")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, c.Redis)
		})
	}
}

func TestRedisConfigHidesTheURL(t *testing.T) {
	c := Config{Retention: DefaultConfig().Retention, Redis: &RedisConfig{URL: "redis://user:hunter2-pw@valkey:6379/2"}}
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	require.NotContains(t, string(out), "hunter2-pw")
	require.Equal(t, "redis://valkey:6379/2", c.Redis.Redacted())
}

func TestRedisURLFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "url"), []byte("redis://:hunter2-pw@valkey:6379/1\n"), 0o600))
	c := Config{Redis: &RedisConfig{URLFile: "url"}}
	c.ResolvePaths(dir)
	require.Equal(t, filepath.Join(dir, "url"), c.Redis.URLFile)
	u, err := c.Redis.ReadURL()
	require.NoError(t, err)
	require.Equal(t, "redis://:hunter2-pw@valkey:6379/1", u)
	require.Equal(t, "redis://valkey:6379/1", c.Redis.Redacted())

	missing := RedisConfig{URLFile: filepath.Join(dir, "nope")}
	_, err = missing.ReadURL()
	var ce *configerr.ConfigError
	require.True(t, errors.As(err, &ce))
	require.Equal(t, "url_file", ce.Field)
	require.Equal(t, "url_file "+missing.URLFile, missing.Redacted())
}
