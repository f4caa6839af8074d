package receiver

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// Defaults of the emergency and alertmanager sections.
const (
	// DefaultPollInterval is how often one outstanding emergency's receipt
	// is polled for its acknowledgement.
	DefaultPollInterval = 30 * time.Second
	// DefaultPollSpacing is the least time between any two receipt polls.
	DefaultPollSpacing = time.Second
	// DefaultAlertmanagerTimeout bounds one request to Alertmanager's API.
	DefaultAlertmanagerTimeout = 10 * time.Second
	// CallbackPath is where Pushover's acknowledgement callbacks arrive;
	// the secret follows it.
	CallbackPath = "/pushover/callback/"
	// callbackLabel is the HMAC message that derives the callback secret
	// from the app token when none is configured.
	callbackLabel = "alertmanager-pushover callback v1"
)

// EmergencyConfig is the `emergency` section: how the bridge learns that an
// emergency was acknowledged.
type EmergencyConfig struct {
	// CallbackURL is the bridge's public base URL. When set, every
	// emergency message asks Pushover to POST its acknowledgement to
	// <callback_url>/pushover/callback/<secret>.
	CallbackURL string `yaml:"callback_url,omitempty"`
	// CallbackSecret is the unguessable last path segment of the callback
	// URL; by default the hex HMAC-SHA256 of the app token, so it is the
	// same on every replica and after every restart.
	CallbackSecret     commoncfg.Secret `yaml:"callback_secret,omitempty"`
	CallbackSecretFile string           `yaml:"callback_secret_file,omitempty"`
	// PollInterval is how often each outstanding emergency's receipt is
	// polled (never under Pushover's 5 s); 0 turns polling off.
	PollInterval model.Duration `yaml:"poll_interval"`
	// PollSpacing is the least time between two polls of any receipts.
	PollSpacing model.Duration `yaml:"poll_spacing"`
}

// DefaultEmergencyConfig returns the emergency section's defaults.
func DefaultEmergencyConfig() EmergencyConfig {
	return EmergencyConfig{PollInterval: model.Duration(DefaultPollInterval), PollSpacing: model.Duration(DefaultPollSpacing)}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *EmergencyConfig) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultEmergencyConfig()
	type plain EmergencyConfig
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("emergency", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field.
func (c *EmergencyConfig) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, &routing.ConfigError{Section: "emergency", Field: field,
			Err: fmt.Errorf("%w: "+format, append([]any{routing.ErrInvalid}, args...)...)})
	}
	if c.CallbackURL != "" {
		if u, err := url.Parse(c.CallbackURL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("callback_url", "must be an absolute http or https URL")
		}
	}
	if c.CallbackSecret != "" && c.CallbackSecretFile != "" {
		add("callback_secret", "at most one of callback_secret and callback_secret_file may be set")
	}
	if c.PollInterval != 0 && time.Duration(c.PollInterval) < pushover.ReceiptPollFloor {
		add("poll_interval", "must be 0 (off) or at least %s, Pushover's limit", pushover.ReceiptPollFloor)
	}
	if c.PollSpacing <= 0 {
		add("poll_spacing", "must be positive")
	}
	return errors.Join(errs...)
}

// ResolvePaths makes a relative callback_secret_file relative to dir.
func (c *EmergencyConfig) ResolvePaths(dir string) {
	if c.CallbackSecretFile != "" && !filepath.IsAbs(c.CallbackSecretFile) {
		c.CallbackSecretFile = filepath.Join(dir, c.CallbackSecretFile)
	}
}

// Secret returns the callback secret: configured, read from its file, or
// derived from the app token.
func (c *EmergencyConfig) Secret(appToken string) (string, error) {
	if c.CallbackSecretFile != "" {
		return readSecretFile("emergency", "callback_secret_file", c.CallbackSecretFile)
	}
	if c.CallbackSecret != "" {
		return string(c.CallbackSecret), nil
	}
	mac := hmac.New(sha256.New, []byte(appToken))
	mac.Write([]byte(callbackLabel))
	return hex.EncodeToString(mac.Sum(nil)), nil
}

// Callback returns the callback URL emergency messages carry, or "" when
// callback_url is not set.
func (c *EmergencyConfig) Callback(secret string) string {
	if c.CallbackURL == "" {
		return ""
	}
	return strings.TrimRight(c.CallbackURL, "/") + CallbackPath + url.PathEscape(secret)
}

// AlertmanagerConfig is the `alertmanager` section: where the silences of
// silence_on_ack go. Without a URL, the externalURL of the webhook payload
// is used.
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
		errs = append(errs, &routing.ConfigError{Section: "alertmanager", Field: field,
			Err: fmt.Errorf("%w: %s", routing.ErrInvalid, msg)})
	}
	if c.URL != "" {
		if u, err := url.Parse(c.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			add("url", "must be an absolute http or https URL")
		}
	}
	if c.BearerToken != "" && c.BearerTokenFile != "" {
		add("bearer_token", "at most one of bearer_token and bearer_token_file may be set")
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
		return readSecretFile("alertmanager", "bearer_token_file", c.BearerTokenFile)
	}
	return string(c.BearerToken), nil
}
