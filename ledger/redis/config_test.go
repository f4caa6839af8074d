package redisledger

import (
	"context"
	"crypto/x509"
	"os"
	"path/filepath"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
)

func TestConfig(t *testing.T) {
	const secretURL = "redis://user:hunter2-pw@valkey:6379/0"
	for _, tc := range []struct {
		name, yaml string
		want       Config
		err        string
	}{
		{"url", "url: " + secretURL, Config{URL: secretURL, KeyPrefix: DefaultKeyPrefix}, ""},
		{"url_file and prefix", "url_file: /run/secrets/redis\nkey_prefix: prod/", Config{URLFile: "/run/secrets/redis", KeyPrefix: "prod/"}, ""},
		{"tls", "url: rediss://valkey:6380", Config{URL: "rediss://valkey:6380", KeyPrefix: DefaultKeyPrefix}, ""},
		{"neither", "key_prefix: x/", Config{}, "one of url and url_file is required"},
		{"both", "url: redis://a\nurl_file: f", Config{}, "at most one of url and url_file"},
		{"scheme", "url: http://user:hunter2-pw@valkey", Config{}, `scheme must be redis or rediss, got "http"`},
		{"bad db", "url: redis://:hunter2-pw@valkey:6379/notadb", Config{}, "invalid database number"},
		{"unknown field", "url: redis://a\naddress: b", Config{}, "field address not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			dec := yaml.NewDecoder(stringsReader(tc.yaml))
			dec.KnownFields(true)
			err := dec.Decode(&c)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				require.NotContains(t, err.Error(), "hunter2-pw")
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.want, c)
		})
	}
}

func TestConfigHidesTheURL(t *testing.T) {
	c := Config{URL: "redis://user:hunter2-pw@valkey:6379/2", KeyPrefix: "p/"}
	out, err := yaml.Marshal(c)
	require.NoError(t, err)
	require.NotContains(t, string(out), "hunter2-pw")
	require.Equal(t, "redis://valkey:6379/2", c.Redacted())
}

func TestURLFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "url"), []byte("redis://:pw@localhost:1/0\n"), 0o600))
	c := Config{URLFile: "url"}
	c.ResolvePaths(dir)
	require.Equal(t, filepath.Join(dir, "url"), c.URLFile)
	require.NoError(t, c.Validate())
	o, err := c.clientOptions(Options{}.withDefaults())
	require.NoError(t, err)
	require.Equal(t, "pw", o.Password)

	missing := Config{URLFile: filepath.Join(dir, "nope")}
	_, err = Open(missing, Options{})
	require.ErrorIs(t, err, ErrConfig)
	require.Equal(t, "url_file "+missing.URLFile, missing.Redacted())
}

// TestRedissIsTLS: a rediss:// URL gets a TLS configuration, and talks
// to a redis-server serving TLS only.
func TestRedissIsTLS(t *testing.T) {
	c := Config{URL: "rediss://:pw@valkey:6380/0"}
	o, err := c.clientOptions(Options{}.withDefaults())
	require.NoError(t, err)
	require.NotNil(t, o.TLSConfig)
	require.Equal(t, "valkey", o.TLSConfig.ServerName)

	srv := redistest.Start(t, redistest.Options{TLS: true, Password: password})
	pool := x509.NewCertPool()
	require.True(t, pool.AppendCertsFromPEM(srv.CA))
	l, err := Open(Config{URL: commoncfg.Secret(srv.URL(password, 0))}, Options{RootCAs: pool, Timeout: 10 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	require.NoError(t, l.Ping(context.Background()))

	untrusted, err := Open(Config{URL: commoncfg.Secret(srv.URL(password, 0))}, Options{Timeout: 10 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = untrusted.Close() })
	err = untrusted.Ping(context.Background())
	require.ErrorContains(t, err, "certificate", "the server's certificate is checked")
	require.NotContains(t, err.Error(), password)
}
