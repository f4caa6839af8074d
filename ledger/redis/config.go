package redisledger

import (
	"crypto/tls"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"

	commoncfg "github.com/prometheus/common/config"
	"github.com/redis/go-redis/v9"
	"github.com/redis/go-redis/v9/maintnotifications"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
)

// DefaultKeyPrefix starts every key the ledger writes, so that several
// deployments can share one server.
const DefaultKeyPrefix = "alertmanager-pushover/"

// ErrConfig marks an invalid `ledger.redis` section.
var ErrConfig = errors.New("invalid ledger.redis configuration")

// Config is the `ledger.redis` section: where the shared ledger lives.
// The URL is a secret (it may carry a password): it is never logged,
// printed in an error, or shown on a page; Redacted says where the ledger
// is without it.
type Config struct {
	// URL is redis://[[user]:password@]host:port[/db] or rediss:// for TLS.
	URL commoncfg.Secret `yaml:"url,omitempty"`
	// URLFile is a file holding the URL; relative to the config's directory.
	URLFile string `yaml:"url_file,omitempty"`
	// KeyPrefix starts every key (DefaultKeyPrefix when empty).
	KeyPrefix string `yaml:"key_prefix,omitempty"`
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = Config{KeyPrefix: DefaultKeyPrefix}
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return fmt.Errorf("ledger.redis: %w", err)
	}
	return c.Validate()
}

// Validate checks the section without reading url_file.
func (c *Config) Validate() error {
	switch {
	case c.URL != "" && c.URLFile != "":
		return fmt.Errorf("%w: at most one of url and url_file may be set", ErrConfig)
	case c.URL == "" && c.URLFile == "":
		return fmt.Errorf("%w: one of url and url_file is required", ErrConfig)
	case c.URL != "":
		if _, err := parseURL(string(c.URL)); err != nil {
			return err
		}
	}
	if c.KeyPrefix == "" {
		c.KeyPrefix = DefaultKeyPrefix
	}
	return nil
}

// ResolvePaths makes a relative url_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.URLFile != "" && !filepath.IsAbs(c.URLFile) {
		c.URLFile = filepath.Join(dir, c.URLFile)
	}
}

// readURL returns the URL, read from url_file when set. Errors name the
// file, never its content.
func (c *Config) readURL() (string, error) {
	if c.URLFile == "" {
		return string(c.URL), nil
	}
	u, err := secretfile.Read(c.URLFile)
	if err != nil {
		return "", fmt.Errorf("%w: url_file: %w", ErrConfig, err)
	}
	return u, nil
}

// Redacted is where the ledger lives, without user or password:
// scheme://host:port/db, or "url_file <path>" when the file cannot be read.
func (c *Config) Redacted() string {
	raw, err := c.readURL()
	if err != nil {
		return "url_file " + c.URLFile
	}
	return redactURL(raw)
}

// redactURL keeps the scheme, host and path of raw and drops the rest.
func redactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "<unparsable redis URL>"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}

// clientOptions parses the configured URL into go-redis options with the
// ledger's short timeouts: a server that is away fails calls fast.
func (c *Config) clientOptions(o Options) (*redis.Options, error) {
	raw, err := c.readURL()
	if err != nil {
		return nil, err
	}
	opts, err := parseURL(raw)
	if err != nil {
		return nil, err
	}
	opts.DialTimeout, opts.ReadTimeout, opts.WriteTimeout = o.Timeout, o.Timeout, o.Timeout
	opts.PoolTimeout = o.Timeout
	opts.ContextTimeoutEnabled = true
	opts.MaxRetries = 1    // one retry on a stale pooled connection; no backoff ladder
	opts.DialerRetries = 1 // a refused dial fails the call at once
	opts.DisableIdentity = true
	opts.MaintNotificationsConfig = &maintnotifications.Config{Mode: maintnotifications.ModeDisabled}
	if opts.TLSConfig != nil && o.RootCAs != nil {
		opts.TLSConfig.RootCAs = o.RootCAs
	}
	return opts, nil
}

// parseURL is redis.ParseURL with errors that never quote the URL.
func parseURL(raw string) (*redis.Options, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("%w: url: not a URL", ErrConfig)
	}
	if u.Scheme != "redis" && u.Scheme != "rediss" {
		return nil, fmt.Errorf("%w: url: scheme must be redis or rediss, got %q", ErrConfig, u.Scheme)
	}
	opts, err := redis.ParseURL(raw)
	if err != nil {
		msg := err.Error()
		if p, ok := u.User.Password(); ok && p != "" {
			msg = strings.ReplaceAll(msg, p, "<secret>")
		}
		return nil, fmt.Errorf("%w: url: %s", ErrConfig, strings.ReplaceAll(msg, raw, redactURL(raw)))
	}
	if opts.TLSConfig != nil {
		opts.TLSConfig.MinVersion = tls.VersionTLS12
	}
	return opts, nil
}
