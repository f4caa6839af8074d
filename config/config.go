// Package config loads the bridge's configuration file. It composes the
// sections that other packages own (pushover.Config, groupme.Config,
// receiver.Config, routing.Config, graph.Config, the template globs),
// decodes strictly (unknown keys are errors naming key and line), applies
// defaults before decoding, resolves relative *_file paths and template
// globs against the file's directory, and builds everything fallible
// (routes, templates, secrets) so that a bad file fails the load, not a
// page. Printed configs show secrets as <secret>.
package config

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// ErrEmpty is returned for a file without any configuration.
var ErrEmpty = errors.New("configuration is empty")

// Config is the bridge's configuration file.
type Config struct {
	Pushover pushover.Config `yaml:"pushover"`
	// GroupMe is how to reach GroupMe, for recipients of the groupme kind.
	GroupMe   groupme.Config  `yaml:"groupme"`
	Receiver  receiver.Config `yaml:"receiver"`
	Templates []string        `yaml:"templates,omitempty"` // globs of user template files
	// Emergency is how acknowledgements are learnt (polling, callback).
	Emergency emergency.Config `yaml:"emergency"`
	// Alertmanager is where silence_on_ack creates silences.
	Alertmanager emergency.AlertmanagerConfig `yaml:"alertmanager"`
	// Ledger is the retention of the ledger under --storage.path.
	Ledger ledger.Config `yaml:"ledger"`
	// Prometheus is the one Prometheus that charts query (route key graph).
	Prometheus graph.Config `yaml:"prometheus"`
	// Routing holds recipients, defaults and routes, at the top level.
	Routing routing.Config `yaml:",inline"`
	// Schedules are the on-call schedules (see schedules.go).
	Schedules schedule.Config `yaml:"schedules,omitempty"`
	// Web is the action page: the bridge's public URL and the link secret.
	Web action.Config `yaml:"web,omitempty"`

	built    *Built
	original []byte // the text the configuration was parsed from
}

// Built is what a loaded configuration compiles to.
type Built struct {
	Router        *routing.Router
	Templates     *templates.Templates
	Token         string // the Pushover app token, read from token_file if set
	ReceiverToken string // the bearer token for /alerts; "" for none
	// CallbackSecret authenticates Pushover's acknowledgement callbacks.
	CallbackSecret string
	// AlertmanagerToken is the bearer token for Alertmanager's API; "" for none.
	AlertmanagerToken string
	// Schedules are the compiled on-call schedules.
	Schedules schedule.Set
	// GroupMeToken is GroupMe's access token (uploads, checking bot ids); "" for none.
	GroupMeToken string
	// LinkSecret signs the action page's links (web.link_secret, its
	// file, or derived from the app token).
	LinkSecret []byte
}

// Load parses a configuration from a string; relative paths stay relative
// to the working directory.
func Load(s string) (*Config, error) {
	return load([]byte(s), "")
}

// LoadFile parses the configuration file at path; relative paths in it are
// relative to its directory.
func LoadFile(path string) (*Config, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	c, err := load(b, filepath.Dir(path))
	if err != nil {
		return nil, fmt.Errorf("config %s: %w", path, err)
	}
	return c, nil
}

func load(b []byte, dir string) (*Config, error) {
	// An empty file would decode to the defaults without a single route;
	// say so instead of failing on a missing token.
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, ErrEmpty
	}
	c := &Config{Pushover: pushover.DefaultConfig(), GroupMe: groupme.DefaultConfig(), Receiver: receiver.DefaultConfig(),
		Emergency: emergency.DefaultConfig(), Alertmanager: emergency.DefaultAlertmanagerConfig(),
		Ledger: ledger.DefaultConfig(), Prometheus: graph.DefaultConfig()}
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	if err := dec.Decode(c); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, ErrEmpty
		}
		return nil, friendlyKeyErrors(err, b)
	}
	if err := c.validate(); err != nil {
		return nil, err
	}
	c.resolvePaths(dir)
	built, err := c.build(dir)
	if err != nil {
		return nil, err
	}
	c.built = built
	c.original = b
	return c, nil
}

// validate repeats the sections' checks: a section absent from the file
// is never decoded, so its UnmarshalYAML did not run.
func (c *Config) validate() error {
	return errors.Join(c.Pushover.Validate(), c.GroupMe.Validate(), c.Receiver.Validate(), c.Emergency.Validate(),
		c.Alertmanager.Validate(), c.Ledger.Validate(), c.Web.Validate(), c.Prometheus.Validate(), c.checkChartTimeout())
}

func (c *Config) resolvePaths(dir string) {
	c.Pushover.ResolvePaths(dir)
	c.GroupMe.ResolvePaths(dir)
	c.Receiver.ResolvePaths(dir)
	c.Emergency.ResolvePaths(dir)
	c.Alertmanager.ResolvePaths(dir)
	c.Prometheus.ResolvePaths(dir)
	c.Web.ResolvePaths(dir)
	c.Ledger.ResolvePaths(dir)
	for i, g := range c.Templates {
		if g != "" && !filepath.IsAbs(g) {
			c.Templates[i] = filepath.Join(dir, g)
		}
	}
}

// build compiles routes and templates, checks every route's templates, and
// reads the secret files.
func (c *Config) build(dir string) (*Built, error) {
	var b Built
	var err error
	if b.Token, err = c.Pushover.ReadToken(); err != nil {
		return nil, err
	}
	if !pushover.ValidKey(b.Token) {
		return nil, &configerr.ConfigError{Section: "pushover", Field: "token",
			Err: fmt.Errorf("%w: an application token is 30 characters of [A-Za-z0-9]", configerr.ErrInvalid)}
	}
	if b.GroupMeToken, err = c.GroupMe.ReadAccessToken(); err != nil {
		return nil, err
	}
	if b.ReceiverToken, err = c.Receiver.Token(); err != nil {
		return nil, err
	}
	if b.CallbackSecret, err = c.Emergency.Secret(b.Token); err != nil {
		return nil, err
	}
	if b.AlertmanagerToken, err = c.Alertmanager.Token(); err != nil {
		return nil, err
	}
	if b.LinkSecret, err = c.Web.Secret(b.Token); err != nil {
		return nil, err
	}
	if b.Router, err = routing.CompileWith(c.Routing, dir, c.routingOptions()); err != nil {
		return nil, err
	}
	if b.Schedules, err = c.buildSchedules(dir); err != nil {
		return nil, err
	}
	if err := checkTemplateFiles(c.Templates, dir); err != nil {
		return nil, err
	}
	if b.Templates, err = templates.New(c.Templates); err != nil {
		return nil, err // says "templates: …" already
	}
	if err := checkGroupMeTemplates(b.Router, b.Templates); err != nil {
		return nil, err
	}
	for _, rt := range b.Router.Routes {
		if err := b.Templates.Check(pipeline.TemplateSpec(rt.Settings)); err != nil {
			return nil, fmt.Errorf("route %q: %w", rt.Name, err)
		}
		if err := checkPriorityTemplate(b.Templates, rt.Settings.Priority); err != nil {
			return nil, fmt.Errorf("route %q: priority: %w", rt.Name, err)
		}
	}
	return &b, nil
}

// checkGroupMeTemplates renders the GroupMe templates (the defaults, or
// the user's redefinitions of groupme.title and groupme.text) on sample
// data when a recipient is a GroupMe room.
func checkGroupMeTemplates(r *routing.Router, t *templates.Templates) error {
	for _, rc := range r.Recipients {
		if rc.Kind == routing.KindGroupMe {
			return t.CheckGroupMe(templates.DefaultGroupMeSpec())
		}
	}
	return nil
}

// checkPriorityTemplate parses and runs a templated priority on sample
// data, so that a broken one fails the load rather than every page. What
// it renders to is only known per delivery (an unknown value falls back
// to high priority then), so only parse and execution errors count here.
func checkPriorityTemplate(t *templates.Templates, priority string) error {
	if !routing.IsTemplate(priority) {
		return nil
	}
	_, err := t.Text(priority, templates.SampleData())
	return err
}

// checkTemplateFiles rejects a template path without glob characters that
// names no file (a glob may match nothing, as in Alertmanager).
func checkTemplateFiles(globs []string, dir string) error {
	for i, g := range globs {
		if strings.ContainsAny(g, "*?[") {
			continue
		}
		if _, err := os.Stat(g); err != nil {
			rel, rerr := filepath.Rel(dir, g)
			if dir == "" || rerr != nil {
				rel = g
			}
			return fmt.Errorf("templates[%d]: no file %s", i, rel)
		}
	}
	return nil
}

// Built returns what the configuration compiled to.
func (c *Config) Built() *Built { return c.built }

// Original returns the text the configuration was parsed from, as read
// once by LoadFile (for the config hash metric); do not modify it.
func (c *Config) Original() []byte { return c.original }

// Secrets returns every secret of the configuration (the app token, the
// receiver's bearer token, the callback secret, Alertmanager's bearer
// token, a configured link secret, Prometheus' inline credentials, the
// recipients' user keys), for redaction.
func (c *Config) Secrets() []string {
	var out []string
	link := ""
	if c.Web.LinkSecret != "" || c.Web.LinkSecretFile != "" {
		link = string(c.built.LinkSecret) // a derived one is binary: it never shows up in a text
	}
	for _, s := range append([]string{c.built.Token, c.built.ReceiverToken, c.built.CallbackSecret,
		c.built.AlertmanagerToken, link, c.built.GroupMeToken}, prometheusSecrets(&c.Prometheus)...) {
		if s != "" {
			out = append(out, s)
		}
	}
	for _, r := range c.built.Router.Recipients {
		for _, s := range []string{r.UserKey, r.BotID} {
			if s != "" {
				out = append(out, s)
			}
		}
	}
	return append(out, c.built.Schedules.SyncGroups()...)
}

// String returns the configuration as YAML, secrets shown as <secret>.
func (c *Config) String() string {
	b, err := yaml.Marshal(c)
	if err != nil {
		return fmt.Sprintf("<error marshaling config: %s>", err)
	}
	return string(b)
}
