package ledger

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"

	commoncfg "github.com/prometheus/common/config"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// DefaultRedisKeyPrefix starts every key of the shared ledger, so that
// several deployments can share one server.
const DefaultRedisKeyPrefix = "alertmanager-pushover/"

// RedisConfig is the `ledger.redis` section: the shared ledger of several
// replicas on Valkey or Redis (package ledger/redis). The URL is a secret
// (it may carry a password): it is never logged, printed in an error or
// shown on a page; Redacted says where the ledger is without it.
type RedisConfig struct {
	// URL is redis://[[user]:password@]host:port[/db], or rediss:// for TLS.
	URL commoncfg.Secret `yaml:"url,omitempty"`
	// URLFile is a file holding the URL; relative to the config's directory.
	URLFile string `yaml:"url_file,omitempty"`
	// KeyPrefix starts every key (DefaultRedisKeyPrefix when empty).
	KeyPrefix string `yaml:"key_prefix,omitempty"`
	// TLSConfig configures a rediss:// connection (CA, client certificate,
	// server name), as in Prometheus; the system's roots when empty.
	TLSConfig commoncfg.TLSConfig `yaml:"tls_config,omitempty"`
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *RedisConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = RedisConfig{KeyPrefix: DefaultRedisKeyPrefix}
	type plain RedisConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("ledger.redis", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks the section without reading url_file; errors are
// *configerr.ConfigError and never quote the URL.
func (c *RedisConfig) Validate() error {
	p := configerr.Problems{Section: "ledger.redis"}
	switch {
	case c.URL != "" && c.URLFile != "":
		p.Invalid("url", "at most one of url and url_file may be set")
	case c.URL == "" && c.URLFile == "":
		p.Addf("url", configerr.ErrMissing, "one of url and url_file is required")
	case c.URL != "":
		p.Add("url", CheckRedisURL(string(c.URL)))
	}
	p.Add("tls_config", c.TLSConfig.Validate())
	if c.KeyPrefix == "" {
		c.KeyPrefix = DefaultRedisKeyPrefix
	}
	return p.Err()
}

// CheckRedisURL checks the shape of a redis:// or rediss:// URL; its
// errors wrap configerr.ErrInvalid and never quote the URL.
func CheckRedisURL(raw string) error {
	u, err := url.Parse(raw)
	switch {
	case err != nil:
		return configerr.ErrInvalid // url.Parse's error quotes the URL
	case u.Scheme != "redis" && u.Scheme != "rediss":
		return invalid("scheme must be redis or rediss, got %q", u.Scheme)
	case u.Host == "":
		return invalid("no host")
	}
	if db := strings.TrimPrefix(u.Path, "/"); db != "" {
		if n, err := strconv.Atoi(db); err != nil || n < 0 {
			return invalid("the path must be a database number, got %q", db)
		}
	}
	return nil
}

func invalid(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{configerr.ErrInvalid}, args...)...)
}

// ResolvePaths makes a relative url_file and the files of tls_config
// relative to dir.
func (c *RedisConfig) ResolvePaths(dir string) {
	if c.URLFile != "" && !filepath.IsAbs(c.URLFile) {
		c.URLFile = filepath.Join(dir, c.URLFile)
	}
	c.TLSConfig.SetDirectory(dir)
}

// ReadURL returns the URL, read from url_file when set. Its errors name
// the file, never its content.
func (c *RedisConfig) ReadURL() (string, error) {
	if c.URLFile == "" {
		return string(c.URL), nil
	}
	return configerr.ReadSecretFile("ledger.redis", "url_file", c.URLFile)
}

// Redacted is where the ledger lives, without user or password
// (scheme://host:port/db), or "url_file <path>" when the file cannot be read.
func (c *RedisConfig) Redacted() string {
	raw, err := c.ReadURL()
	if err != nil {
		return "url_file " + c.URLFile
	}
	return RedactRedisURL(raw)
}

// RedactRedisURL keeps the scheme, host and path of raw and drops the rest.
func RedactRedisURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return "<unparsable redis URL>"
	}
	return (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
}
