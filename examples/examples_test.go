package examples

import (
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/go-kit/log"
	"github.com/prometheus/alertmanager/pkg/labels"
	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

// tested lists every file of examples/ with the test that loads it. A new
// file fails TestEveryExampleIsLoaded until a test covers it.
var tested = map[string]string{
	"config.yml":                     "TestBridgeConfig",
	"alertmanager.yml":               "TestAlertmanagerConfig",
	"docker-compose.yml":             "TestDockerCompose",
	"prometheus.yml":                 "TestDockerCompose",
	"demo-rules.yml":                 "TestRuleFiles",
	"alerts.yml":                     "TestRuleFiles",
	"alertmanager-pushover.service":  "TestSystemdUnit",
	"kubernetes.yml":                 "TestKubernetes",
	"web-config.yml":                 "TestWebConfig",
	"secrets/bearer-token":           "TestDockerCompose",
	"payloads/01-firing-first.json":  "TestPayloads",
	"payloads/04-all-resolved.json":  "TestPayloads",
	"payloads/05-warning-first.json": "TestPayloads",
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

// yamlKeys returns the YAML keys of t and of the types it contains.
func yamlKeys(t reflect.Type, seen map[reflect.Type]bool) []string {
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice || t.Kind() == reflect.Map {
		t = t.Elem()
	}
	if t.Kind() != reflect.Struct || seen[t] || t.PkgPath() == "time" {
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
	rt := &receiver.Runtime{Config: cfg.Receiver, Router: b.Router, Templates: b.Templates, DryRun: true,
		Sender: receiver.NewDryRun(log.NewNopLogger()), Secrets: cfg.Secrets()}
	paths, err := filepath.Glob("payloads/*.json")
	require.NoError(t, err)
	require.NotEmpty(t, paths)
	for _, p := range paths {
		t.Run(p, func(t *testing.T) {
			f, err := os.Open(p)
			require.NoError(t, err)
			defer f.Close()
			m, err := receiver.Decode(f)
			require.NoError(t, err)
			ns, unrouted := receiver.Plan(rt, m)
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
	require.Len(t, c.Receivers, 1)
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

type composeFile struct {
	Services map[string]struct {
		Build *struct {
			Context    string `yaml:"context"`
			Dockerfile string `yaml:"dockerfile"`
		} `yaml:"build"`
		Image     string   `yaml:"image"`
		Command   []string `yaml:"command"`
		Volumes   []string `yaml:"volumes"`
		Ports     []string `yaml:"ports"`
		DependsOn []string `yaml:"depends_on"`
	} `yaml:"services"`
	Volumes map[string]any `yaml:"volumes"`
	Name    string         `yaml:"name"`
}

// mounts maps each container path of a service's bind mounts to the host
// file, relative to examples/; named volumes are left out.
func mounts(t *testing.T, volumes []string) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, v := range volumes {
		parts := strings.Split(v, ":")
		require.GreaterOrEqual(t, len(parts), 2, v)
		if !strings.HasPrefix(parts[0], ".") {
			continue
		}
		_, err := os.Stat(parts[0])
		require.NoError(t, err, "volume %q mounts a missing file", v)
		out[parts[1]] = parts[0]
	}
	return out
}

// hostFile returns the examples/ file that a container sees at path.
func hostFile(t *testing.T, m map[string]string, path string) string {
	t.Helper()
	for dst, src := range m {
		if path == dst {
			return src
		}
		if rest, ok := strings.CutPrefix(path, dst+"/"); ok {
			return filepath.Join(src, rest)
		}
	}
	t.Fatalf("nothing is mounted at %s", path)
	return ""
}

func TestDockerCompose(t *testing.T) {
	var c composeFile
	decodeStrict(t, readFile(t, "docker-compose.yml"), &c)
	port := defaultListenPort(t)

	bridge, ok := c.Services["alertmanager-pushover"]
	require.True(t, ok)
	require.NotNil(t, bridge.Build)
	_, err := os.Stat(filepath.Join(bridge.Build.Context, bridge.Build.Dockerfile))
	require.NoError(t, err)
	requireFlagsParse(t, bridge.Command, "docker-compose.yml")
	require.Contains(t, bridge.Command, "--pushover.dry-run", "the demo must not need a Pushover account")
	require.Contains(t, bridge.Ports, port+":"+port)
	bm := mounts(t, bridge.Volumes)
	cf, _ := flagValue(bridge.Command, "config.file")
	_, err = config.LoadFile(hostFile(t, bm, cf))
	require.NoError(t, err)
	_, err = os.Stat(hostFile(t, bm, "/etc/alertmanager-pushover/secrets/bearer-token"))
	require.NoError(t, err)
	sp, _ := flagValue(bridge.Command, "storage.path")
	require.Contains(t, bridge.Volumes, "bridge-data:"+sp)

	am := c.Services["alertmanager"]
	require.Contains(t, am.Image, "prom/alertmanager:")
	amMounts := mounts(t, am.Volumes)
	amCfg, _ := flagValue(am.Command, "config.file")
	require.Equal(t, "./alertmanager.yml", hostFile(t, amMounts, amCfg))
	var amc amConfig
	decodeStrict(t, readFile(t, "alertmanager.yml"), &amc)
	_, err = os.Stat(hostFile(t, amMounts, amc.Receivers[0].WebhookConfigs[0].HTTPConfig.Authorization.CredentialsFile))
	require.NoError(t, err)

	prom := c.Services["prometheus"]
	pm := mounts(t, prom.Volumes)
	pCfg, _ := flagValue(prom.Command, "config.file")
	var p struct {
		Global   map[string]string `yaml:"global"`
		Alerting struct {
			Alertmanagers []struct {
				StaticConfigs []struct {
					Targets []string `yaml:"targets"`
				} `yaml:"static_configs"`
			} `yaml:"alertmanagers"`
		} `yaml:"alerting"`
		RuleFiles     []string `yaml:"rule_files"`
		ScrapeConfigs []struct {
			JobName       string `yaml:"job_name"`
			StaticConfigs []struct {
				Targets []string `yaml:"targets"`
			} `yaml:"static_configs"`
		} `yaml:"scrape_configs"`
	}
	decodeStrict(t, readFile(t, hostFile(t, pm, pCfg)), &p)
	require.Equal(t, []string{"alertmanager:9093"}, p.Alerting.Alertmanagers[0].StaticConfigs[0].Targets)
	require.Len(t, p.RuleFiles, 2)
	for _, rf := range p.RuleFiles {
		_, err := os.Stat(hostFile(t, pm, rf))
		require.NoError(t, err)
	}
	var scraped []string
	for _, sc := range p.ScrapeConfigs {
		scraped = append(scraped, sc.StaticConfigs[0].Targets...)
	}
	require.Contains(t, scraped, "alertmanager-pushover:"+port)
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

// unit parses a systemd unit: sections of keys, values joined across
// backslash-continued lines.
func unit(t *testing.T, text string) map[string]map[string][]string {
	t.Helper()
	out := map[string]map[string][]string{}
	var section, pending string
	for line := range strings.Lines(text) {
		line = strings.TrimSpace(line)
		if pending != "" {
			line = pending + " " + line
			pending = ""
		}
		if l, ok := strings.CutSuffix(line, "\\"); ok {
			pending = strings.TrimSpace(l)
			continue
		}
		switch {
		case line == "" || strings.HasPrefix(line, "#") || strings.HasPrefix(line, ";"):
		case strings.HasPrefix(line, "["):
			section = strings.Trim(line, "[]")
			out[section] = map[string][]string{}
		default:
			k, v, ok := strings.Cut(line, "=")
			require.True(t, ok, "not key=value: %q", line)
			require.NotEmpty(t, section, "key %q outside a section", k)
			out[section][k] = append(out[section][k], v)
		}
	}
	require.Empty(t, pending, "the last line continues")
	return out
}

func TestSystemdUnit(t *testing.T) {
	u := unit(t, string(readFile(t, "alertmanager-pushover.service")))
	for _, s := range []string{"Unit", "Service", "Install"} {
		require.Contains(t, u, s)
	}
	svc := u["Service"]
	require.Len(t, svc["ExecStart"], 1)
	args := strings.Fields(svc["ExecStart"][0])
	require.Equal(t, "/usr/local/bin/alertmanager-pushover", args[0])
	requireFlagsParse(t, args[1:], "ExecStart")
	sp, ok := flagValue(args, "storage.path")
	require.True(t, ok)
	require.Equal(t, "/var/lib/"+svc["StateDirectory"][0], sp, "StateDirectory creates the storage path")
	require.Equal(t, []string{"/bin/kill -HUP $MAINPID"}, svc["ExecReload"], "SIGHUP reloads")
	require.NotEqual(t, "root", svc["User"][0])
	require.Equal(t, []string{"multi-user.target"}, u["Install"]["WantedBy"])
}

type probe struct {
	HTTPGet struct {
		Path string `yaml:"path"`
		Port string `yaml:"port"`
	} `yaml:"httpGet"`
}

func TestKubernetes(t *testing.T) {
	docs := documents(t, readFile(t, "kubernetes.yml"))
	byKind := map[string]map[string]any{}
	for _, d := range docs {
		kind, _ := d["kind"].(string)
		require.NotContains(t, byKind, kind, "one %s only", kind)
		require.NotEmpty(t, d["apiVersion"], kind)
		byKind[kind] = d
	}
	var kinds []string
	for k := range byKind {
		kinds = append(kinds, k)
	}
	slices.Sort(kinds)
	require.Equal(t, []string{"AlertmanagerConfig", "ConfigMap", "Deployment", "Secret", "Service", "ServiceMonitor"}, kinds)
	require.Equal(t, "monitoring.coreos.com/v1alpha1", byKind["AlertmanagerConfig"]["apiVersion"])

	var dep struct {
		Spec struct {
			Template struct {
				Spec struct {
					Containers []struct {
						Args  []string `yaml:"args"`
						Ports []struct {
							Name          string `yaml:"name"`
							ContainerPort int    `yaml:"containerPort"`
						} `yaml:"ports"`
						LivenessProbe  probe `yaml:"livenessProbe"`
						ReadinessProbe probe `yaml:"readinessProbe"`
						VolumeMounts   []struct {
							Name      string `yaml:"name"`
							MountPath string `yaml:"mountPath"`
						} `yaml:"volumeMounts"`
					} `yaml:"containers"`
					Volumes []struct {
						Name      string         `yaml:"name"`
						ConfigMap map[string]any `yaml:"configMap"`
						Secret    map[string]any `yaml:"secret"`
					} `yaml:"volumes"`
				} `yaml:"spec"`
			} `yaml:"template"`
		} `yaml:"spec"`
	}
	remarshal(t, byKind["Deployment"], &dep)
	pod := dep.Spec.Template.Spec
	require.Len(t, pod.Containers, 1)
	c := pod.Containers[0]
	requireFlagsParse(t, c.Args, "the Deployment's args")
	require.Equal(t, "/-/healthy", c.LivenessProbe.HTTPGet.Path)
	require.Equal(t, "/-/ready", c.ReadinessProbe.HTTPGet.Path)
	require.Equal(t, "http", c.ReadinessProbe.HTTPGet.Port)
	require.Equal(t, "http", c.Ports[0].Name)
	port := defaultListenPort(t)
	require.Equal(t, port, strconv.Itoa(c.Ports[0].ContainerPort))
	if addr, ok := flagValue(c.Args, "web.listen-address"); ok {
		require.Equal(t, ":"+port, addr)
	}

	// Lay out the ConfigMap and the Secret as the pod sees them, under a
	// temporary root, and load the configuration from there.
	root := t.TempDir()
	files := map[string]map[string]any{}
	for _, v := range pod.Volumes {
		switch {
		case v.ConfigMap != nil:
			files[v.Name] = byKind["ConfigMap"]["data"].(map[string]any)
			require.Equal(t, byKind["ConfigMap"]["metadata"].(map[string]any)["name"], v.ConfigMap["name"])
		case v.Secret != nil:
			files[v.Name] = byKind["Secret"]["stringData"].(map[string]any)
			require.Equal(t, byKind["Secret"]["metadata"].(map[string]any)["name"], v.Secret["secretName"])
		}
	}
	var mountPaths []string
	for _, m := range c.VolumeMounts {
		mountPaths = append(mountPaths, m.MountPath)
		for name, content := range files[m.Name] {
			p := filepath.Join(root, m.MountPath, name)
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
			require.NoError(t, os.WriteFile(p, []byte(content.(string)), 0o600))
		}
	}
	sp, _ := flagValue(c.Args, "storage.path")
	require.Contains(t, mountPaths, sp, "the storage path is a volume")
	cf, _ := flagValue(c.Args, "config.file")
	text := string(readFile(t, filepath.Join(root, cf)))
	for _, mp := range mountPaths {
		text = strings.ReplaceAll(text, mp+"/", filepath.Join(root, mp)+"/")
	}
	_, err := config.Load(text)
	require.NoError(t, err, "the ConfigMap's config.yml, with the pod's mounts")

	amc := byKind["AlertmanagerConfig"]["spec"].(map[string]any)
	wh := amc["receivers"].([]any)[0].(map[string]any)["webhookConfigs"].([]any)[0].(map[string]any)
	require.Equal(t, true, wh["sendResolved"])
	require.Equal(t, "http://alertmanager-pushover.monitoring.svc:"+port+"/alerts", wh["url"])
	cred := wh["httpConfig"].(map[string]any)["authorization"].(map[string]any)["credentials"].(map[string]any)
	require.Contains(t, byKind["Secret"]["stringData"], cred["key"])
	require.Contains(t, text, "bearer_token_file: "+filepath.Join(root, "/etc/alertmanager-pushover/secrets", cred["key"].(string)))
}
