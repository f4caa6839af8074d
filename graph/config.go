package graph

import (
	"errors"
	"fmt"
	"net/url"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// DefaultTimeout bounds one chart (query and render) when prometheus.timeout is unset.
const DefaultTimeout = 2 * time.Second

// ErrInvalid marks a configuration value that breaks a validation rule
// (configerr.ErrInvalid, as in every other section).
var ErrInvalid = configerr.ErrInvalid

// Config is the `prometheus` section: the only Prometheus that charts
// query, and how to reach it (authentication, TLS and proxy as in
// Prometheus' own HTTP client configuration).
type Config struct {
	// URL is Prometheus' base URL, e.g. http://prometheus:9090 (or with a
	// path prefix). Empty: no charts.
	URL string `yaml:"url"`
	// Timeout bounds one chart, query and render together.
	Timeout model.Duration `yaml:"timeout"`
	// HTTPClientConfig holds bearer_token(_file), basic_auth,
	// authorization, oauth2, tls_config, proxy_url and the rest.
	HTTPClientConfig commoncfg.HTTPClientConfig `yaml:",inline"`
}

// DefaultConfig returns the section's defaults: no Prometheus, a 2s timeout.
func DefaultConfig() Config {
	return Config{Timeout: model.Duration(DefaultTimeout), HTTPClientConfig: commoncfg.DefaultHTTPClientConfig}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("prometheus", unmarshal, err)
	}
	return c.Validate()
}

// Enabled reports whether a Prometheus is configured.
func (c *Config) Enabled() bool { return c.URL != "" }

// Validate checks every field; errors name the key, never a secret.
func (c *Config) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("prometheus: %s: %w: "+format, append([]any{field, ErrInvalid}, args...)...))
	}
	if c.URL != "" {
		u, err := url.Parse(c.URL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			add("url", "want an absolute http(s) URL")
		case u.User != nil:
			add("url", "must not hold credentials; use basic_auth or bearer_token")
		case u.RawQuery != "" || u.Fragment != "":
			add("url", "must not have a query or fragment")
		}
	}
	if c.Timeout <= 0 {
		add("timeout", "must be positive")
	}
	if err := c.HTTPClientConfig.Validate(); err != nil {
		errs = append(errs, fmt.Errorf("prometheus: %w: %w", ErrInvalid, err))
	}
	return errors.Join(errs...)
}

// ResolvePaths makes the relative *_file paths (bearer_token_file,
// basic_auth.password_file, tls_config files …) relative to dir.
func (c *Config) ResolvePaths(dir string) {
	c.HTTPClientConfig.SetDirectory(dir)
}
