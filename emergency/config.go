package emergency

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
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

// Config is the `emergency` section: how the bridge learns that an
// emergency was acknowledged.
type Config struct {
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
	// Tags (tag_prefix) begins every emergency's Pushover tag, so that
	// cancel_by_tag never reaches another deployment's messages sharing
	// the app token; see TagPrefix for the default.
	Tags string `yaml:"tag_prefix,omitempty"`
}

// DefaultConfig returns the emergency section's defaults.
func DefaultConfig() Config {
	return Config{PollInterval: model.Duration(DefaultPollInterval), PollSpacing: model.Duration(DefaultPollSpacing)}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("emergency", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field.
func (c *Config) Validate() error {
	p := configerr.Problems{Section: "emergency"}
	add := p.Invalid
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
	if c.Tags != "" && !tagPrefixRE.MatchString(c.Tags) {
		add("tag_prefix", "must be 1 to 32 characters of [A-Za-z0-9_-], got %q", c.Tags)
	}
	return p.Err()
}

// ResolvePaths makes a relative callback_secret_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.CallbackSecretFile != "" && !filepath.IsAbs(c.CallbackSecretFile) {
		c.CallbackSecretFile = filepath.Join(dir, c.CallbackSecretFile)
	}
}

// Secret returns the callback secret: configured, read from its file, or
// derived from the app token.
func (c *Config) Secret(appToken string) (string, error) {
	if c.CallbackSecretFile != "" {
		return configerr.ReadSecretFile("emergency", "callback_secret_file", c.CallbackSecretFile)
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
func (c *Config) Callback(secret string) string {
	if c.CallbackURL == "" {
		return ""
	}
	return strings.TrimRight(c.CallbackURL, "/") + CallbackPath + url.PathEscape(secret)
}
