package examples

import (
	"context"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/go-kit/log"
	"github.com/prometheus/alertmanager/pkg/labels"
	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

// tested lists every file of examples/ with the test that loads it. A new
// file fails TestEveryExampleIsLoaded until a test covers it.
var tested = map[string]string{
	"config.yml":                       "TestBridgeConfig",
	"escalation.yml":                   "TestEscalationExample",
	"alertmanager.yml":                 "TestAlertmanagerConfig",
	"docker-compose.yml":               "TestDockerCompose",
	"prometheus.yml":                   "TestDockerCompose",
	"demo-rules.yml":                   "TestRuleFiles",
	"alerts.yml":                       "TestRuleFiles",
	"alerts_test.yml":                  "TestAlertRulesWithPromtool",
	"alertmanager-pushover.service":    "TestSystemdUnit",
	"kubernetes.yml":                   "TestKubernetes",
	"kubernetes-ha.yml":                "TestKubernetesHA",
	"web-config.yml":                   "TestWebConfig",
	"secrets/bearer-token":             "TestDockerCompose",
	"payloads/01-firing-first.json":    "TestPayloads",
	"payloads/02-firing-repeat.json":   "TestPayloads",
	"payloads/03-some-resolved.json":   "TestPayloads",
	"payloads/04-all-resolved.json":    "TestPayloads",
	"payloads/05-warning-first.json":   "TestPayloads",
	"payloads/06-storm-truncated.json": "TestPayloads",
}

func TestEveryExampleIsLoaded(t *testing.T) {
	var files []string
	err := filepath.WalkDir(".", func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() || strings.HasSuffix(path, ".go") {
			return err
		}
		files = append(files, filepath.ToSlash(path))
		return nil
	})
	require.NoError(t, err)
	for _, f := range files {
		require.Contains(t, tested, f, "examples/%s is loaded by no test: add one and list it in tested", f)
	}
	for f := range tested {
		require.Contains(t, files, f, "tested lists examples/%s, which does not exist", f)
	}
}

func TestBridgeConfig(t *testing.T) {
	cfg, err := config.LoadFile("config.yml")
	require.NoError(t, err)
	require.NotEmpty(t, cfg.Built().Router.Routes)

	// Every option of the configuration appears in the example, set or
	// commented out, so the example documents them all.
	text := string(readFile(t, "config.yml"))
	for _, key := range yamlKeys(reflect.TypeFor[config.Config](), map[reflect.Type]bool{}) {
		re := regexp.MustCompile(`(?m)^[ \t]*(#[ \t]*)?(- )?` + regexp.QuoteMeta(key) + `:`)
		require.Regexp(t, re, text, "examples/config.yml does not mention the option %q", key)
	}
}

// httpConfigPkg holds Prometheus' HTTP client configuration, which the
// prometheus section inlines; the README points to Prometheus' own
// documentation of its keys instead of repeating them.
const httpConfigPkg = "github.com/prometheus/common/config"

// yamlKeys returns the YAML keys of t and of the types it contains
// (except Prometheus' HTTP client configuration).
func yamlKeys(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" || t.PkgPath() == httpConfigPkg {
		return nil
	}
	seen[t] = true
	var keys []string
	for f := range t.Fields() {
		tag := f.Tag.Get("yaml")
		if tag == "" || tag == "-" || !f.IsExported() {
			continue
		}
		name, opts, _ := strings.Cut(tag, ",")
		if name != "" {
			keys = append(keys, name)
		}
		if name == "" || strings.Contains(opts, "inline") || f.Type.Kind() != reflect.String {
			keys = append(keys, yamlKeys(f.Type, seen)...)
		}
	}
	return keys
}

func TestPayloads(t *testing.T) {
	cfg, err := config.LoadFile("config.yml")
	require.NoError(t, err)
	b := cfg.Built()
	rt := &pipeline.Runtime{Config: cfg.Receiver.Pipeline(), Router: b.Router, Templates: b.Templates, DryRun: true,
		Notifiers: map[string]pipeline.Notifier{routing.KindPushover: pipeline.NewDryRun(routing.KindPushover, log.NewNopLogger())},
		Secrets:   cfg.Secrets()}
	paths, err := filepath.Glob("payloads/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			f, err := os.Open(p)
			require.NoError(t, err)
			defer f.Close()
			m, err := webhook.Decode(f)
			require.NoError(t, err)
			ns, unrouted := pipeline.Plan(context.Background(), rt, m, nil)
			require.NotEmpty(t, ns, "the payload should reach a route of config.yml")
			require.Empty(t, unrouted)
		})
	}
}

// amConfig is the part of Alertmanager's configuration that the example
// uses. (Alertmanager's own config package imports its notifiers, which
// this module does not depend on; decoding strictly into these fields, with
// prometheus/common's HTTP client config, catches the same mistakes.)
type amConfig struct {
	Route struct {
		Receiver       string   `yaml:"receiver"`
		GroupBy        []string `yaml:"group_by"`
		GroupWait      string   `yaml:"group_wait"`
		GroupInterval  string   `yaml:"group_interval"`
		RepeatInterval string   `yaml:"repeat_interval"`
		Matchers       []string `yaml:"matchers"`
		Routes         []struct {
			Matchers []string `yaml:"matchers"`
			Receiver string   `yaml:"receiver"`
		} `yaml:"routes"`
	} `yaml:"route"`
	Receivers []struct {
		Name           string `yaml:"name"`
		WebhookConfigs []struct {
			URL          string                      `yaml:"url"`
			SendResolved bool                        `yaml:"send_resolved"`
			Timeout      string                      `yaml:"timeout"`
			MaxAlerts    int                         `yaml:"max_alerts"`
			HTTPConfig   *commoncfg.HTTPClientConfig `yaml:"http_config"`
		} `yaml:"webhook_configs"`
	} `yaml:"receivers"`
}

func TestAlertmanagerConfig(t *testing.T) {
	var c amConfig
	decodeStrict(t, readFile(t, "alertmanager.yml"), &c)
	require.Len(t, c.Receivers, 2, "the bridge, and a receiver for the bridge's own alerts")
	r := c.Receivers[0]
	require.Equal(t, c.Route.Receiver, r.Name)
	for _, m := range c.Route.Matchers {
		_, err := labels.ParseMatcher(m)
		require.NoError(t, err)
	}
	require.Len(t, r.WebhookConfigs, 1)
	wh := r.WebhookConfigs[0]
	require.True(t, wh.SendResolved, "cancel on resolve needs send_resolved")
	require.Regexp(t, `^http://alertmanager-pushover:`+defaultListenPort(t)+`/alerts$`, wh.URL)
	require.NotNil(t, wh.HTTPConfig)
	require.NoError(t, wh.HTTPConfig.Validate())
	auth := wh.HTTPConfig.Authorization
	require.NotNil(t, auth)
	require.Equal(t, "Bearer", auth.Type)
	require.Equal(t, "/etc/alertmanager/secrets/bearer-token", auth.CredentialsFile,
		"docker-compose.yml mounts secrets/ there")
}

type ruleFile struct {
	Groups []struct {
		Name  string `yaml:"name"`
		Rules []struct {
			Alert       string            `yaml:"alert"`
			Expr        string            `yaml:"expr"`
			For         string            `yaml:"for"`
			Labels      map[string]string `yaml:"labels"`
			Annotations map[string]string `yaml:"annotations"`
		} `yaml:"rules"`
	} `yaml:"groups"`
}

var metricRE = regexp.MustCompile(`\balertmanager_pushover_[a-zA-Z0-9_]+`)

// TestRuleFiles decodes the Prometheus rule files strictly and checks that
// every bridge metric an expression names is one the bridge exports.
// (github.com/prometheus/prometheus is not a dependency, so expressions are
// not parsed with promql.)
func TestRuleFiles(t *testing.T) {
	metrics := bridgeMetrics(t)
	for _, name := range []string{"alerts.yml", "demo-rules.yml"} {
		t.Run(name, func(t *testing.T) {
			var f ruleFile
			decodeStrict(t, readFile(t, name), &f)
			require.NotEmpty(t, f.Groups)
			for _, g := range f.Groups {
				require.NotEmpty(t, g.Rules)
				for _, r := range g.Rules {
					require.Regexp(t, `^[A-Z][A-Za-z0-9]+$`, r.Alert)
					require.NotEmpty(t, r.Expr, r.Alert)
					require.Contains(t, []string{"critical", "warning", "info"}, r.Labels["severity"], r.Alert)
					require.NotEmpty(t, r.Annotations["summary"], r.Alert)
					require.Equal(t, strings.Count(r.Expr, "("), strings.Count(r.Expr, ")"), r.Alert)
					for _, m := range metricRE.FindAllString(r.Expr, -1) {
						require.True(t, metrics[m], "%s: %s: the bridge has no metric %s", name, r.Alert, m)
					}
				}
			}
		})
	}
}

// The README's escalation example is examples/escalation.yml, verbatim,
// and loads: its route pages a schedule and escalates to a schedule and
// recipients.
func TestEscalationExample(t *testing.T) {
	cfg, err := config.LoadFile("escalation.yml")
	require.NoError(t, err)
	b := cfg.Built()
	require.Equal(t, 2, b.Schedules.Len())
	route := b.Router.Routes[0]
	require.True(t, route.To[0].Schedule, "to names the schedule db-primary")
	require.Len(t, route.Settings.Escalate, 2)
	require.True(t, b.Schedules.Has(route.Settings.Escalate[0].To[0]))
	text := string(readFile(t, "escalation.yml"))
	readme := string(readFile(t, filepath.Join(repoRoot, "README.md")))
	require.Contains(t, readme, "```yaml\n"+text[strings.Index(text, "pushover:"):]+"```\n")
}
