package redisledger

import (
	"crypto/tls"
	"errors"
	"fmt"
	"strings"

	commoncfg "github.com/prometheus/common/config"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// ErrConfig marks a `ledger.redis` section that cannot be used.
var ErrConfig = errors.New("invalid ledger.redis configuration")

// clientOptions parses the configured URL into go-redis options with the
// ledger's short timeouts (a server that is away fails calls fast) and,
// for rediss://, the TLS configuration of tc.
func clientOptions(raw string, tc *commoncfg.TLSConfig, o Options) (*redis.Options, error) {
	opts, err := parseURL(raw)
	if err != nil {
		return nil, err
	}
	if err := applyTLS(opts, tc); err != nil {
		return nil, err
	}
	opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout = o.Timeout, o.Timeout, o.Timeout
	opts.PoolTimeout = o.Timeout
	opts.ContextTimeoutEnabled = true
	opts.MaxRetries = 1    // one retry on a stale pooled connection; no backoff ladder
	opts.DialerRetries = 1 // a refused dial fails the call at once
	opts.DisableIdentity = true
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	return opts, nil
}

// applyTLS builds the TLS configuration of a rediss:// URL from tc (the
// server name defaults to the URL's host). tc set for a redis:// URL is a
// mistake: the connection would not use it.
func applyTLS(opts *redis.Options, tc *commoncfg.TLSConfig) error {
	set := tc != nil && *tc != (commoncfg.TLSConfig{})
	if opts.TLSConfig == nil {
		if set {
			return fmt.Errorf("%w: tls_config: set, but the url is not rediss://", ErrConfig)
		}
		return nil
	}
	if !set {
		return nil
	}
	t, err := commoncfg.NewTLSConfig(tc)
	if err != nil {
		return fmt.Errorf("%w: tls_config: %w", ErrConfig, err)
	}
	if t.ServerName == "" {
		t.ServerName = opts.TLSConfig.ServerName
	}
	t.MinVersion = max(t.MinVersion, tls.VersionTLS12)
	opts.TLSConfig = t
	return nil
}

// parseURL is redis.ParseURL with errors that never quote the URL or the
// password.
func parseURL(raw string) (*redis.Options, error) {
	if err := ledger.CheckRedisURL(raw); err != nil {
		return nil, fmt.Errorf("%w: url: %w", ErrConfig, err)
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		msg := err.Error()
		for _, s := range secretsOf(raw) {
			msg = strings.ReplaceAll(msg, s, "<secret>")
		}
		return nil, fmt.Errorf("%w: url: %s", ErrConfig, msg)
	}
	if opts.TLSConfig != nil {
		opts.TLSConfig.MinVersion = tls.VersionTLS12
	}
	return opts, nil
}
