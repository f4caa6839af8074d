package groupme

import (
	"errors"
	"fmt"
	"path/filepath"
	"strings"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// Sentinels wrapped by every *ConfigError, for errors.Is.
var (
	ErrConfigMissing = errors.New("missing")
	ErrConfigInvalid = errors.New("invalid")
)

// ConfigError is a problem with a configuration section; it names the
// section and key, never a secret.
type ConfigError struct {
	Section string // "groupme" or `recipient "db-room": groupme`
	Field   string // the YAML key
	Err     error
}

// Error implements error.
func (e *ConfigError) Error() string { return fmt.Sprintf("%s: %s: %v", e.Section, e.Field, e.Err) }

// Unwrap returns the cause.
func (e *ConfigError) Unwrap() error { return e.Err }

// Config is the top-level `groupme` section: how to reach GroupMe. Only
// uploads need the access token; a configuration without one posts text
// without pictures.
//
//	groupme:
//	  access_token_file: /etc/alertmanager-pushover/groupme-token
//	  api_url: https://api.groupme.com/v3/      # the default
//	  image_url: https://image.groupme.com/     # the default
//	  timeout: 10s                              # the default
type Config struct {
	AccessToken     commoncfg.Secret `yaml:"access_token,omitempty"`
	AccessTokenFile string           `yaml:"access_token_file,omitempty"`
	APIURL          string           `yaml:"api_url"`
	ImageURL        string           `yaml:"image_url"`
	Timeout         model.Duration   `yaml:"timeout"`
}

// DefaultConfig returns the section's defaults.
func DefaultConfig() Config {
	return Config{APIURL: DefaultAPIURL, ImageURL: DefaultImageURL, Timeout: model.Duration(DefaultTimeout)}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
// It keeps the decoder's strictness: an unknown key is an error.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("groupme", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field, never the token.
func (c *Config) Validate() error {
	var errs []error
	add := func(field string, sentinel error, format string, args ...any) {
		errs = append(errs, &ConfigError{Section: "groupme", Field: field,
			Err: fmt.Errorf("%w: "+format, append([]any{sentinel}, args...)...)})
	}
	if c.AccessToken != "" && c.AccessTokenFile != "" {
		add("access_token", ErrConfigInvalid, "at most one of access_token and access_token_file may be set")
	}
	if c.AccessToken != "" && !ValidAccessToken(string(c.AccessToken)) {
		add("access_token", ErrConfigInvalid, "want 1 to %d printable ASCII characters without spaces", maxTokenLen)
	}
	if _, err := parseBaseURL("api", c.APIURL); err != nil {
		add("api_url", ErrConfigInvalid, "want an absolute http(s) URL without credentials")
	}
	if _, err := parseBaseURL("image", c.ImageURL); err != nil {
		add("image_url", ErrConfigInvalid, "want an absolute http(s) URL without credentials")
	}
	if c.Timeout <= 0 {
		add("timeout", ErrConfigInvalid, "must be positive")
	}
	return errors.Join(errs...)
}

// ResolvePaths makes a relative access_token_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	c.AccessTokenFile = resolve(c.AccessTokenFile, dir)
}

// ReadAccessToken returns the access token, read from access_token_file
// when set; "" when neither is set.
func (c *Config) ReadAccessToken() (string, error) {
	if c.AccessTokenFile == "" {
		return string(c.AccessToken), nil
	}
	t, err := readSecret("groupme", "access_token_file", c.AccessTokenFile)
	if err == nil && !ValidAccessToken(t) {
		err = &ConfigError{Section: "groupme", Field: "access_token_file",
			Err: fmt.Errorf("%w: want 1 to %d printable ASCII characters without spaces", ErrConfigInvalid, maxTokenLen)}
	}
	return t, err
}

// Options returns the client options the section asks for, the access
// token read; add WithHTTPClient, WithUserAgent and WithObserver.
func (c *Config) Options() ([]Option, error) {
	token, err := c.ReadAccessToken()
	if err != nil {
		return nil, err
	}
	return []Option{WithAPIURL(c.APIURL), WithImageURL(c.ImageURL), WithAccessToken(token),
		WithTimeout(time.Duration(c.Timeout))}, nil
}

// maxTokenLen bounds an access token. GroupMe documents no format; the
// tokens its developer site shows are 40 letters and digits.
const maxTokenLen = 256

// ValidAccessToken reports whether t could be an access token: 1 to 256
// printable ASCII characters, no spaces (it travels in a header).
func ValidAccessToken(t string) bool {
	if t == "" || len(t) > maxTokenLen {
		return false
	}
	return !strings.ContainsFunc(t, func(r rune) bool { return r <= ' ' || r > '~' })
}

func resolve(path, dir string) string {
	if path != "" && !filepath.IsAbs(path) {
		return filepath.Join(dir, path)
	}
	return path
}

// readSecret reads a secret file, with errors that name section and key.
func readSecret(section, field, path string) (string, error) {
	s, err := secretfile.Read(path)
	if errors.Is(err, secretfile.ErrEmpty) {
		err = fmt.Errorf("%w: %w", ErrConfigMissing, err)
	} else if err != nil {
		err = fmt.Errorf("%w: %w", ErrConfigInvalid, err)
	}
	if err != nil {
		return "", &ConfigError{Section: section, Field: field, Err: err}
	}
	return s, nil
}
