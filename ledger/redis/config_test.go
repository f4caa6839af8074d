package redisledger

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

func TestOpenRefusesBadConfig(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		name string
		cfg  ledger.RedisConfig
		text string
	}{
		{"scheme", ledger.RedisConfig{URL: "http://u:hunter2-pw@valkey"}, "scheme must be redis or rediss"},
		{"bad port", ledger.RedisConfig{URL: "redis://u:hunter2-pw@valkey:port/0"}, "invalid"},
		{"missing url_file", ledger.RedisConfig{URLFile: filepath.Join(dir, "nope")}, "url_file"},
		{"neither", ledger.RedisConfig{}, "one of url and url_file is required"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Open(tc.cfg, Options{})
			require.ErrorIs(t, err, ErrConfig)
			require.ErrorContains(t, err, tc.text)
			require.NotContains(t, err.Error(), "hunter2-pw")
		})
	}
}

func TestURLFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "url"), []byte("redis://:pw@localhost:1/3\n"), 0o600))
	c := ledger.RedisConfig{URLFile: "url"}
	c.ResolvePaths(dir)
	l, err := Open(c, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	require.Equal(t, "pw", l.rdb.Options().Password)
	require.Equal(t, 3, l.rdb.Options().DB)
	require.Equal(t, "redis://localhost:1/3", l.Where())
}

// TestRedissIsTLS: a rediss:// URL gets a TLS configuration, and talks
// to a redis-server serving TLS only, whose certificate is checked against
// tls_config.ca_file (a relative path, resolved against the config's
// directory).
func TestRedissIsTLS(t *testing.T) {
	o, err := clientOptions("rediss://:pw@valkey:6380/0", nil, Options{}.withDefaults())
	require.NoError(t, err)
	require.NotNil(t, o.TLSConfig)
	require.Equal(t, "valkey", o.TLSConfig.ServerName)
	_, err = clientOptions("redis://valkey:6379/0", &commoncfg.TLSConfig{CAFile: "ca.crt"}, Options{}.withDefaults())
	require.ErrorContains(t, err, "tls_config: set, but the url is not rediss://")

	srv := redistest.Start(t, redistest.Options{TLS: true, Password: password})
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "ca.crt"), srv.CA, 0o600))
	cfg := ledger.RedisConfig{URL: commoncfg.Secret(srv.URL(password, 0)), TLSConfig: commoncfg.TLSConfig{CAFile: "ca.crt"}}
	cfg.ResolvePaths(dir)
	l, err := Open(cfg, Options{Timeout: 10 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	require.NoError(t, l.Ping(context.Background()))

	untrusted, err := Open(ledger.RedisConfig{URL: cfg.URL}, Options{Timeout: 10 * time.Second})
	require.NoError(t, err)
	t.Cleanup(func() { _ = untrusted.Close() })
	err = untrusted.Ping(context.Background())
	require.ErrorContains(t, err, "certificate", "the server's certificate is checked")
	require.NotContains(t, err.Error(), password)
}
