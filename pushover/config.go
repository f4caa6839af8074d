package pushover

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// DefaultTimeout bounds one HTTP request to the Pushover API. It is not
// kept below receiver.timeout: a request Pushover is slow to answer may
// still be accepted, so it is waited for (the webhook answers 503 at
// receiver.timeout while it goes on, and Alertmanager's retry waits for
// it) rather than abandoned and sent again. It stays within twice the
// default receiver.timeout, the most a delivery runs.
const DefaultTimeout = 15 * time.Second

// Config is the `pushover` section: the application and the API.
type Config struct {
	// Token is the application's API token; TokenFile reads it from a file
	// (surrounding white space trimmed). Exactly one is required.
	Token     commoncfg.Secret `yaml:"token,omitempty"`
	TokenFile string           `yaml:"token_file,omitempty"`
	// APIURL is the API's base URL; tests point it at a fake.
	APIURL string `yaml:"api_url"`
	// Timeout bounds one HTTP request to the API.
	Timeout model.Duration `yaml:"timeout"`
}

// DefaultConfig returns the pushover section's defaults.
func DefaultConfig() Config {
	return Config{APIURL: DefaultBaseURL, Timeout: model.Duration(DefaultTimeout)}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("pushover", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field, never the token.
func (c *Config) Validate() error {
	var errs []error
	add := func(field string, sentinel error, format string, args ...any) {
		errs = append(errs, &configerr.ConfigError{Section: "pushover", Field: field,
			Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)})
	}
	switch {
	case c.Token != "" && c.TokenFile != "":
		add("token", configerr.ErrInvalid, "at most one of token and token_file may be set")
	case c.Token == "" && c.TokenFile == "":
		add("token", configerr.ErrMissing, "one of token and token_file is required")
	}
	if u, err := url.Parse(c.APIURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		add("api_url", configerr.ErrInvalid, "want an absolute http(s) URL")
	}
	if c.Timeout <= 0 {
		add("timeout", configerr.ErrInvalid, "must be positive")
	}
	return errors.Join(errs...)
}

// ResolvePaths makes a relative token_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.TokenFile != "" && !filepath.IsAbs(c.TokenFile) {
		c.TokenFile = filepath.Join(dir, c.TokenFile)
	}
}

// ReadToken returns the token, read from token_file when set.
func (c *Config) ReadToken() (string, error) {
	if c.TokenFile == "" {
		return string(c.Token), nil
	}
	return configerr.ReadSecretFile("pushover", "token_file", c.TokenFile)
}
