package action

import (
	"crypto/hmac"
	"crypto/sha256"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"

	commoncfg "github.com/prometheus/common/config"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/secretfile"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// Path is where the action pages are served; the link token follows it.
const Path = "/action/"

// secretLabel is the HMAC message that derives the link secret from the app
// token when none is configured (as the callback secret is derived).
const secretLabel = "alertmanager-pushover action link secret v1"

// Config is the `web` section: where phones reach the bridge and the secret
// that signs their links. Without external_url no links are made.
type Config struct {
	// ExternalURL is the bridge's public base URL as a phone reaches it
	// (the action listener, usually behind a reverse proxy).
	ExternalURL string `yaml:"external_url,omitempty"`
	// LinkSecret signs the links; by default the HMAC-SHA256 of the app
	// token, the same on every replica and after every restart. Changing it
	// (or the app token, when it is derived) invalidates every link.
	LinkSecret     commoncfg.Secret `yaml:"link_secret,omitempty"`
	LinkSecretFile string           `yaml:"link_secret_file,omitempty"`
}

// UnmarshalYAML decodes and validates.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = Config{}
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("web", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field.
func (c *Config) Validate() error {
	var errs []error
	add := func(field, msg string) {
		errs = append(errs, &configerr.ConfigError{Section: "web", Field: field,
			Err: fmt.Errorf("%w: %s", configerr.ErrInvalid, msg)})
	}
	if c.ExternalURL != "" {
		u, err := url.Parse(c.ExternalURL)
		switch {
		case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
			add("external_url", "must be an absolute http or https URL")
		case u.User != nil || u.RawQuery != "" || u.Fragment != "":
			add("external_url", "must not hold credentials, a query or a fragment")
		}
	}
	if c.LinkSecret != "" && c.LinkSecretFile != "" {
		add("link_secret", "at most one of link_secret and link_secret_file may be set")
	}
	if c.LinkSecret != "" && len(c.LinkSecret) < 16 {
		add("link_secret", "must be at least 16 characters")
	}
	return errors.Join(errs...)
}

// ResolvePaths makes a relative link_secret_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.LinkSecretFile != "" && !filepath.IsAbs(c.LinkSecretFile) {
		c.LinkSecretFile = filepath.Join(dir, c.LinkSecretFile)
	}
}

// Secret returns the link secret: configured, read from its file, or
// derived from appToken.
func (c *Config) Secret(appToken string) ([]byte, error) {
	if c.LinkSecretFile != "" {
		s, err := secretfile.Read(c.LinkSecretFile)
		if errors.Is(err, secretfile.ErrEmpty) {
			err = fmt.Errorf("%w: %w", configerr.ErrMissing, err)
		}
		if err != nil {
			return nil, &configerr.ConfigError{Section: "web", Field: "link_secret_file", Err: err}
		}
		return []byte(s), nil
	}
	if c.LinkSecret != "" {
		return []byte(c.LinkSecret), nil
	}
	mac := hmac.New(sha256.New, []byte(appToken))
	mac.Write([]byte(secretLabel))
	return mac.Sum(nil), nil
}
