package ledger

import (
	"errors"
	"time"

	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/yamlfield"
)

// Config is the `ledger` section of the bridge's configuration. The
// ledger's directory is the --storage.path flag.
type Config struct {
	// Retention is how long a record is kept after its last change (an
	// emergency: after it stopped ringing). Changing it needs a restart.
	Retention model.Duration `yaml:"retention"`
	// Redis, when set, puts the ledger on a Valkey or Redis server shared
	// by every replica (package ledger/redis) instead of the local file.
	Redis *RedisConfig `yaml:"redis,omitempty"`
}

// DefaultConfig returns the ledger section's defaults.
func DefaultConfig() Config { return Config{Retention: model.Duration(DefaultRetention)} }

// UnmarshalYAML applies the defaults before decoding and validates after.
func (c *Config) UnmarshalYAML(unmarshal func(any) error) error {
	*c = DefaultConfig()
	type plain Config
	if err := unmarshal((*plain)(c)); err != nil {
		return yamlfield.Locate[plain]("ledger", unmarshal, err)
	}
	return c.Validate()
}

// Validate checks the section; errors are *configerr.ConfigError.
func (c *Config) Validate() error {
	p := configerr.Problems{Section: "ledger"}
	if time.Duration(c.Retention) < time.Hour {
		p.Invalid("retention", "must be at least 1h (longer than Alertmanager's retries), got %s", c.Retention)
	}
	if c.Redis != nil {
		return errors.Join(p.Err(), c.Redis.Validate())
	}
	return p.Err()
}

// ResolvePaths makes relative file names relative to dir.
func (c *Config) ResolvePaths(dir string) {
	if c.Redis != nil {
		c.Redis.ResolvePaths(dir)
	}
}
