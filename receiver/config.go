package receiver

import (
	"fmt"
	"net/url"
	"path/filepath"
	"strings"
	"time"

	"github.com/alecthomas/units"
	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// Defaults of the receiver section.
const (
	// DefaultMaxBodyBytes caps a webhook body. Alertmanager's largest
	// groups (thousands of alerts with long annotations) stay well below it.
	DefaultMaxBodyBytes = 4 * units.MiB
	// DefaultTimeout bounds the work of one webhook request. It is shorter
	// than the 10 s that Alertmanager deployments commonly give a webhook, so
	// the bridge answers (503 for what is unfinished) before Alertmanager
	// gives up and retries on its own.
	DefaultTimeout = 8 * time.Second
	// DefaultDedupWindow is how long an accepted delivery suppresses an
	// identical one on "repeat interval elapsed"; see Config.DedupWindow.
	DefaultDedupWindow = 5 * time.Minute
	// DefaultQuotaRetryWindow: a quota error whose reset is nearer than this
	// answers 503 (Alertmanager retries), a later one 422.
	DefaultQuotaRetryWindow = time.Hour
	// DefaultMaxConcurrency bounds the deliveries of one request in flight.
	DefaultMaxConcurrency = 4
	// DefaultMaxInflightRequests bounds the webhooks being handled at once.
	// Each one waiting for Pushover holds its decoded and rendered alerts
	// (about 90 KiB for a small group), so this bounds memory in a storm.
	DefaultMaxInflightRequests = 256
	// DefaultEmergencyReserve is how many webhooks beyond
	// MaxInflightRequests are still read when they may page (see
	// Config.EmergencyReserve).
	DefaultEmergencyReserve = 32
	// ReserveBodyBytes caps the body of a webhook admitted on the
	// emergency reserve, so that the reserve bounds memory too.
	ReserveBodyBytes = 256 << 10
)

// Config is the `receiver` section: the HTTP side of the bridge.
type Config struct {
	// BearerToken, when set, is required in "Authorization: Bearer <token>"
	// on POST /alerts (Alertmanager's http_config.authorization).
	BearerToken     commoncfg.Secret `yaml:"bearer_token,omitempty"`
	BearerTokenFile string           `yaml:"bearer_token_file,omitempty"`
	// MaxBodyBytes caps the webhook body; larger bodies answer 413.
	MaxBodyBytes units.Base2Bytes `yaml:"max_body_bytes"`
	// Timeout bounds the work of one request; what is unfinished answers 503.
	Timeout model.Duration `yaml:"timeout"`
	// DedupWindow: a delivery already accepted by Pushover is never sent
	// twice for an Alertmanager retry. On "repeat interval elapsed" (or
	// when Alertmanager does not say why it notifies, before v0.32) a
	// delivery accepted longer ago than this window is a genuine reminder
	// and is sent again. Keep it well below Alertmanager's repeat_interval
	// and above its retry horizon.
	DedupWindow model.Duration `yaml:"dedup_window"`
	// QuotaRetryWindow: when the Pushover quota is exhausted and resets
	// within this window, answer 503 so Alertmanager keeps retrying;
	// otherwise answer 422 (retrying for days cannot help).
	QuotaRetryWindow model.Duration `yaml:"quota_retry_window"`
	// MaxConcurrency bounds the deliveries of one request sent at once (the
	// Pushover client itself holds at most two connections).
	MaxConcurrency int `yaml:"max_concurrency"`
	// MaxInflightRequests bounds the webhooks handled at once; one more
	// answers 503 at once (Alertmanager retries it) without being read.
	MaxInflightRequests int `yaml:"max_inflight_requests"`
	// EmergencyReserve: beyond MaxInflightRequests, up to this many more
	// webhooks (each at most ReserveBodyBytes) are read, and handled when
	// one of their firing alerts lands on a route that may page at
	// emergency priority; the others answer 503 as before. So a storm of
	// warnings never keeps a page waiting for a slot. 0 turns it off.
	EmergencyReserve int `yaml:"emergency_reserve"`
	// Clusters lists the members of each Alertmanager HA cluster by the
	// externalURL their webhooks carry (their --web.external-url). The
	// bridge tells sources apart by externalURL (two clusters that share a
	// bridge never cancel or deduplicate each other's pages); the members
	// of one cluster are one source, known by the first URL of its list.
	Clusters [][]string `yaml:"clusters,omitempty"`
}

// DefaultConfig returns the receiver section's defaults.
func DefaultConfig() Config {
	return Config{
		MaxBodyBytes:        DefaultMaxBodyBytes,
		Timeout:             model.Duration(DefaultTimeout),
		DedupWindow:         model.Duration(DefaultDedupWindow),
		QuotaRetryWindow:    model.Duration(DefaultQuotaRetryWindow),
		MaxConcurrency:      DefaultMaxConcurrency,
		MaxInflightRequests: DefaultMaxInflightRequests,
		EmergencyReserve:    DefaultEmergencyReserve,
	}
}

// UnmarshalYAML applies the defaults before decoding and validates after.
// (This signature keeps yaml.v3's KnownFields strictness.)
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("receiver", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks every field; errors name the field.
func (c *Config) Validate() error {
	p := configerr.Problems{Section: "receiver"}
	add := p.Invalid
	if c.BearerToken != "" && c.BearerTokenFile != "" {
		add("bearer_token", "at most one of bearer_token and bearer_token_file may be set")
	}
	if c.MaxBodyBytes < units.KiB {
		add("max_body_bytes", "must be at least 1KiB, got %s", c.MaxBodyBytes)
	}
	if c.Timeout <= 0 {
		add("timeout", "must be positive")
	}
	if c.DedupWindow < 0 {
		add("dedup_window", "must not be negative")
	}
	if c.QuotaRetryWindow < 0 {
		add("quota_retry_window", "must not be negative")
	}
	if c.MaxConcurrency < 1 {
		add("max_concurrency", "must be at least 1, got %d", c.MaxConcurrency)
	}
	if c.MaxInflightRequests < 1 {
		add("max_inflight_requests", "must be at least 1, got %d", c.MaxInflightRequests)
	}
	if c.EmergencyReserve < 0 {
		add("emergency_reserve", "must not be negative, got %d", c.EmergencyReserve)
	}
	seen := map[string]int{}
	for i, members := range c.Clusters {
		for j, u := range members {
			field := fmt.Sprintf("clusters[%d][%d]", i, j)
			if _, err := url.Parse(u); err != nil || strings.TrimSpace(u) == "" {
				add(field, "%q is not the external URL of an Alertmanager", u)
				continue
			}
			if k, dup := seen[sourceKey(u)]; dup {
				add(field, "%q is already a member of clusters[%d]", u, k)
			}
			seen[sourceKey(u)] = i
		}
	}
	return p.Err()
}

// Source is the source a webhook from externalURL belongs to: the first
// member of its cluster in Clusters, else externalURL itself.
func (c *Config) Source(externalURL string) string {
	k := sourceKey(externalURL)
	for _, members := range c.Clusters {
		for _, u := range members {
			if sourceKey(u) == k {
				return members[0]
			}
		}
	}
	return externalURL
}

// sourceKey compares external URLs without a trailing slash.
func sourceKey(u string) string { return strings.TrimRight(strings.TrimSpace(u), "/") }

// ResolvePaths makes a relative bearer_token_file relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.BearerTokenFile != "" && !filepath.IsAbs(c.BearerTokenFile) {
		c.BearerTokenFile = filepath.Join(dir, c.BearerTokenFile)
	}
}

// Token returns the bearer token, read from bearer_token_file when set; ""
// means no authentication.
func (c *Config) Token() (string, error) {
	if c.BearerTokenFile == "" {
		return string(c.BearerToken), nil
	}
	return configerr.ReadSecretFile("receiver", "bearer_token_file", c.BearerTokenFile)
}

// Pipeline returns the section's bounds of one webhook's work.
func (c *Config) Pipeline() pipeline.Config {
	return pipeline.Config{Timeout: time.Duration(c.Timeout), DedupWindow: time.Duration(c.DedupWindow),
		QuotaRetryWindow: time.Duration(c.QuotaRetryWindow), MaxConcurrency: c.MaxConcurrency}
}
