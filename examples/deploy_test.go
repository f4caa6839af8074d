package examples

import (
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
)

// composeFile is the part of docker-compose.yml that the tests read.
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
