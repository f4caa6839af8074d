package redisledger

import (
	"context"
	"errors"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

const password = "s3cret-Pa55word"

// TestOutageAndRecovery: with the server stopped every call fails fast
// with an error, the ledger is unhealthy and says so without a secret;
// with the server back, the same client recovers without a restart.
func TestOutageAndRecovery(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{Password: password})
	o := &observer{}
	url := srv.URL(password, 0)
	l, err := Open(ledger.RedisConfig{URL: commoncfg.Secret(url), KeyPrefix: prefix(t)}, Options{Observer: o})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	ctx := context.Background()
	require.NoError(t, l.Ping(ctx))
	require.True(t, l.Healthy())

	srv.Stop()
	_, err = l.Claim(ctx, "k", ledger.ClaimRequest{Holder: "h", TTL: time.Minute})
	require.Error(t, err)
	var le *Error
	require.ErrorAs(t, err, &le)
	require.Equal(t, "claim", le.Op)
	require.False(t, l.Healthy())
	require.Error(t, l.Health(ctx))
	require.Equal(t, []bool{true, false}, o.Healthy(), "the first call reports health, then each change")
	require.Equal(t, 1, o.Errors("claim"))
	for _, text := range []string{err.Error(), l.Health(ctx).Error()} {
		require.NotContains(t, text, password)
		require.NotContains(t, text, url)
	}
	require.Contains(t, l.Health(ctx).Error(), "redis at redis://"+srv.Addr+"/0 unreachable")
	_, _, err = l.Emergency(ctx, "r")
	require.Error(t, err, "reads fail too")
	require.Error(t, l.Accept(ctx, "k", "h", time.Now()))

	srv.Restart()
	require.Eventually(t, func() bool { return l.Ping(ctx) == nil }, 10*time.Second, 20*time.Millisecond,
		"the same client reconnects")
	require.True(t, l.Healthy())
	require.Equal(t, []bool{true, false, true}, o.Healthy())
	c, err := l.Claim(ctx, "k", ledger.ClaimRequest{Holder: "h", TTL: time.Minute})
	require.NoError(t, err)
	require.Equal(t, ledger.Claimed, c.State)
}

// TestUnreachableFailsFast: a server that never answers (a listener that
// accepts and stays silent) fails a call within the ledger's timeout.
func TestUnreachableFailsFast(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { _ = c.Close() })
		}
	}()
	l, err := Open(ledger.RedisConfig{URL: commoncfg.Secret("redis://" + ln.Addr().String() + "/0")}, Options{Timeout: 100 * time.Millisecond})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	err = l.Ping(context.Background())
	require.Error(t, err)
	require.True(t, errors.Is(err, context.DeadlineExceeded) || isTimeout(err), "a timeout, got %v", err)
}

func isTimeout(err error) bool {
	var ne net.Error
	return errors.As(err, &ne) && ne.Timeout()
}

// TestPasswordNeverShown: a wrong password, a URL in a file, and the
// redacted location never show the password or the URL.
func TestPasswordNeverShown(t *testing.T) {
	srv := redistest.Start(t, redistest.Options{Password: password})
	ctx := context.Background()

	file := filepath.Join(t.TempDir(), "redis-url")
	require.NoError(t, os.WriteFile(file, []byte(srv.URL(password, 1)+"\n"), 0o600))
	cfg := ledger.RedisConfig{URLFile: file, KeyPrefix: prefix(t)}
	l, err := Open(cfg, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	require.NoError(t, l.Ping(ctx), "the password from url_file works")
	require.Equal(t, "redis://"+srv.Addr+"/1", cfg.Redacted())
	require.Equal(t, "redis://"+srv.Addr+"/1", l.Where())

	wrong := srv.URL("not-"+password, 0)
	bad, err := Open(ledger.RedisConfig{URL: commoncfg.Secret(wrong)}, Options{})
	require.NoError(t, err)
	t.Cleanup(func() { _ = bad.Close() })
	err = bad.Ping(ctx)
	require.Error(t, err)
	for _, text := range []string{err.Error(), bad.Health(ctx).Error()} {
		require.NotContains(t, text, password)
		require.NotContains(t, text, wrong)
	}
	require.True(t, strings.Contains(err.Error(), "WRONGPASS") || strings.Contains(err.Error(), "invalid"), err.Error())
}
