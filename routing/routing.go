// Package routing owns the routing rules: their YAML types, validation, and
// the compiled rules that send each alert of a group to routes, recipients,
// devices, priority and sound. It neither renders nor sends.
package routing

import (
	"regexp"
	"time"

	"github.com/prometheus/alertmanager/pkg/labels"
	"github.com/prometheus/alertmanager/template"
	commoncfg "github.com/prometheus/common/config"
	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
)

// Config is the routing part of the bridge's configuration file.
type Config struct {
	Recipients map[string]RecipientConfig `yaml:"recipients"`
	Defaults   Settings                   `yaml:"defaults"`
	Routes     []RouteConfig              `yaml:"routes"`
}

// RecipientConfig is a named destination: a Pushover user or group
// (user_key or user_key_file, optional devices), or a GroupMe room (the
// groupme kind, a bot posting into it). The kinds are exclusive.
type RecipientConfig struct {
	UserKey     commoncfg.Secret         `yaml:"user_key,omitempty"`
	UserKeyFile string                   `yaml:"user_key_file,omitempty"`
	Devices     []string                 `yaml:"devices,omitempty"`
	GroupMe     *groupme.RecipientConfig `yaml:"groupme,omitempty"`
}

// Settings are what a route decides besides its recipients. Every field is
// optional; a route inherits what it leaves unset from defaults, and
// defaults from the built-in DefaultSettings.
type Settings struct {
	Priority           *string         `yaml:"priority,omitempty"` // lowest..emergency, -2..2, or a template
	Sound              *string         `yaml:"sound,omitempty"`
	Format             *string         `yaml:"format,omitempty"` // html | monospace | text
	Title              *string         `yaml:"title,omitempty"`
	Message            *string         `yaml:"message,omitempty"`
	URL                *string         `yaml:"url,omitempty"`
	URLTitle           *string         `yaml:"url_title,omitempty"`
	TTL                *model.Duration `yaml:"ttl,omitempty"`
	Retry              *model.Duration `yaml:"retry,omitempty"`
	Expire             *model.Duration `yaml:"expire,omitempty"`
	SendResolved       *bool           `yaml:"send_resolved,omitempty"`
	ResolvedPriority   *string         `yaml:"resolved_priority,omitempty"`
	ResolvedSound      *string         `yaml:"resolved_sound,omitempty"`
	RepeatWhileRinging *bool           `yaml:"repeat_while_ringing,omitempty"`
	SilenceOnAck       *model.Duration `yaml:"silence_on_ack,omitempty"`
	// Fallback names the recipients a page goes to when its own
	// recipient's destination cannot deliver it (see FallbackAfter).
	Fallback *[]string `yaml:"fallback,omitempty"`
	// FallbackAfter: a delivery still failing this long after its first
	// failed attempt goes to Fallback; 0 falls back only on a permanent
	// refusal or an exhausted quota.
	FallbackAfter *model.Duration `yaml:"fallback_after,omitempty"`
	// Escalate lists whom to page when an emergency stays unacknowledged
	// (see escalate.go); an explicit empty list turns inherited levels off.
	Escalate *[]EscalationLevelConfig `yaml:"escalate,omitempty"`
	Graph    graph.Options            `yaml:"graph,omitempty"`
}

// RouteConfig is one rule as written in YAML.
type RouteConfig struct {
	Name     string   `yaml:"name"`
	Matchers []string `yaml:"matchers,omitempty"`
	Receiver string   `yaml:"receiver,omitempty"` // a regexp on the Alertmanager receiver name
	To       []string `yaml:"to"`
	Continue bool     `yaml:"continue,omitempty"`
	Settings `yaml:",inline"`
}

// The kinds of recipient: each names the destination that delivers to it.
const (
	KindPushover = "pushover"
	KindGroupMe  = "groupme"
)

// Recipient is a compiled recipient: its key or bot id is resolved and
// never printed. In a route's To, a Recipient with Schedule set is a
// placeholder for an on-call schedule of that Name (see Options.Names):
// it has no key, and the pipeline pages whoever is on call when it sends.
type Recipient struct {
	Name     string
	Kind     string // KindPushover or KindGroupMe
	UserKey  string // Pushover's user or group key
	Devices  []string
	BotID    string // GroupMe's bot id
	Schedule bool
}

// Effective is a route's settings with every default applied and checked.
type Effective struct {
	Priority           string // a priority name or number, or a template to render per delivery
	Sound              string
	Format             string
	Title              string
	Message            string
	URL                string
	URLTitle           string
	TTL                time.Duration
	Retry              time.Duration
	Expire             time.Duration
	SendResolved       bool
	ResolvedPriority   int // -2..1, never emergency
	ResolvedSound      string
	RepeatWhileRinging bool
	SilenceOnAck       time.Duration
	FallbackAfter      time.Duration
	Escalate           []EscalationLevel // empty: no escalation
	Graph              graph.Effective   // Graph.Range 0: no chart
}

// Route is a compiled rule.
type Route struct {
	Name     string
	Matchers labels.Matchers
	Receiver *regexp.Regexp // nil: any receiver
	To       []*Recipient
	// Fallback receives what To's destinations cannot deliver (see
	// Settings.Fallback).
	Fallback []*Recipient
	Continue bool
	Settings Effective
}

// Router holds the compiled rules in order.
type Router struct {
	Routes []*Route
	// Recipients are all configured recipients, used or not, sorted by name.
	Recipients []*Recipient
}

// Delivery is the alerts of one webhook that landed on one route.
type Delivery struct {
	Route  *Route
	Alerts template.Alerts
}
