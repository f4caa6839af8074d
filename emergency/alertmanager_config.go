package emergency

import (
	"errors"
	"fmt"
	"net/url"
	"path/filepath"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// AlertmanagerConfig is the `alertmanager` section: where the silences of
// silence_on_ack go. Without a URL, the externalURL of the webhook payload
// is used, and never with credentials: a bearer token requires a URL.
type AlertmanagerConfig struct {
	URL             string           `yaml:"url,omitempty"`
	BearerToken     commoncfg.Secret `yaml:"bearer_token,omitempty"`
	BearerTokenFile string           `yaml:"bearer_token_file,omitempty"`
	Timeout         model.Duration   `yaml:"timeout"`
}

// DefaultAlertmanagerConfig returns the alertmanager section's defaults.
func DefaultAlertmanagerConfig() AlertmanagerConfig {
	return AlertmanagerConfig{Timeout: model.Duration(DefaultAlertmanagerTimeout)}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *AlertmanagerConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultAlertmanagerConfig()
	type plain AlertmanagerConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("alertmanager", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field.
func (c *AlertmanagerConfig) Validate() error {
	var errs []error
	add := func(field, msg string) {
		errs = append(errs, &configerr.ConfigError{Section: "alertmanager", Field: field,
			Err: fmt.Errorf("%w: %s", configerr.ErrInvalid, msg)})
	}
	if c.URL != "" {
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("url", "must be an absolute http or https URL")
		}
	}
	if c.BearerToken != "" && c.BearerTokenFile != "" {
		add("bearer_token", "at most one of bearer_token and bearer_token_file may be set")
	}
	if c.URL == "" && (c.BearerToken != "" || c.BearerTokenFile != "") {
		errs = append(errs, &configerr.ConfigError{Section: "alertmanager", Field: "url",
			Err: fmt.Errorf("%w: required when bearer_token or bearer_token_file is set: credentials are sent only "+
				"to a configured URL, never to the externalURL a webhook names", configerr.ErrMissing)})
	}
	if c.Timeout <= 0 {
		add("timeout", "must be positive")
	}
	return errors.Join(errs...)
}

// ResolvePaths makes a relative bearer_token_file relative to dir.
func (c *AlertmanagerConfig) ResolvePaths(dir string) {
	if c.BearerTokenFile != "" && !filepath.IsAbs(c.BearerTokenFile) {
		c.BearerTokenFile = filepath.Join(dir, c.BearerTokenFile)
	}
}

// Token returns the bearer token for Alertmanager's API; "" for none.
func (c *AlertmanagerConfig) Token() (string, error) {
	if c.BearerTokenFile != "" {
		return configerr.ReadSecretFile("alertmanager", "bearer_token_file", c.BearerTokenFile)
	}
	return string(c.BearerToken), nil
}
