package examples

import (
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
)

// haDeployment is what TestKubernetesHA reads of a Deployment or StatefulSet.
type haDeployment struct {
	Spec struct {
		Replicas    int    `yaml:"replicas"`
		ServiceName string `yaml:"serviceName"`
		Strategy    struct {
			Type          string         `yaml:"type"`
			RollingUpdate map[string]any `yaml:"rollingUpdate"`
		} `yaml:"strategy"`
		Selector struct {
			MatchLabels map[string]string `yaml:"matchLabels"`
		} `yaml:"selector"`
		Template struct {
			Spec struct {
				Affinity struct {
					PodAntiAffinity map[string]any `yaml:"podAntiAffinity"`
				} `yaml:"affinity"`
				Containers []struct {
					Args []string `yaml:"args"`
					Env  []struct {
						Name      string `yaml:"name"`
						ValueFrom struct {
							SecretKeyRef struct {
								Name string `yaml:"name"`
								Key  string `yaml:"key"`
							} `yaml:"secretKeyRef"`
						} `yaml:"valueFrom"`
					} `yaml:"env"`
					VolumeMounts []struct {
						Name      string `yaml:"name"`
						MountPath string `yaml:"mountPath"`
					} `yaml:"volumeMounts"`
				} `yaml:"containers"`
			} `yaml:"spec"`
		} `yaml:"template"`
	} `yaml:"spec"`
}

// TestKubernetesHA: the two-replica example is valid multi-document YAML
// whose Deployment runs two replicas with rolling updates, spread over
// nodes and kept by a PodDisruptionBudget; its configuration (loaded with
// the pod's mounts) puts the ledger on the Valkey of the StatefulSet, by
// a URL from the Secret that carries Valkey's own password.
func TestKubernetesHA(t *testing.T) {
	byName := map[string]map[string]any{}
	for _, d := range documents(t, readFile(t, "kubernetes-ha.yml")) {
		require.NotEmpty(t, d["apiVersion"])
		id := d["kind"].(string) + "/" + d["metadata"].(map[string]any)["name"].(string)
		require.NotContains(t, byName, id, "one %s only", id)
		require.Equal(t, "monitoring", d["metadata"].(map[string]any)["namespace"], id)
		byName[id] = d
	}
	var ids []string
	for id := range byName {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	require.Equal(t, []string{"AlertmanagerConfig/pushover", "ConfigMap/alertmanager-pushover",
		"Deployment/alertmanager-pushover", "PodDisruptionBudget/alertmanager-pushover", "Secret/alertmanager-pushover",
		"Service/alertmanager-pushover", "Service/valkey", "ServiceMonitor/alertmanager-pushover", "StatefulSet/valkey"}, ids)

	var dep, sts haDeployment
	remarshal(t, byName["Deployment/alertmanager-pushover"], &dep)
	remarshal(t, byName["StatefulSet/valkey"], &sts)
	require.Equal(t, 2, dep.Spec.Replicas)
	require.Equal(t, "RollingUpdate", dep.Spec.Strategy.Type)
	require.EqualValues(t, 0, dep.Spec.Strategy.RollingUpdate["maxUnavailable"], "a rolling update keeps a replica serving")
	require.NotEmpty(t, dep.Spec.Template.Spec.Affinity.PodAntiAffinity)
	pdb := byName["PodDisruptionBudget/alertmanager-pushover"]["spec"].(map[string]any)
	require.EqualValues(t, 1, pdb["minAvailable"])
	require.Equal(t, map[string]any{"app.kubernetes.io/name": dep.Spec.Selector.MatchLabels["app.kubernetes.io/name"]},
		pdb["selector"].(map[string]any)["matchLabels"])
	c := dep.Spec.Template.Spec.Containers[0]
	requireFlagsParse(t, c.Args, "the Deployment's args")
	mounts := map[string]string{}
	for _, m := range c.VolumeMounts {
		mounts[m.MountPath] = m.Name
	}
	require.Equal(t, map[string]string{"/etc/alertmanager-pushover/config": "config",
		"/etc/alertmanager-pushover/secrets": "secrets"}, mounts, "the ConfigMap and the Secret, no ledger volume")

	secret := byName["Secret/alertmanager-pushover"]["stringData"].(map[string]any)
	cfg := loadWithMounts(t, byName["ConfigMap/alertmanager-pushover"]["data"].(map[string]any), secret, c.Args)
	require.NotNil(t, cfg.Ledger.Redis, "the ledger is on Valkey")
	require.Equal(t, "redis-url", filepath.Base(cfg.Ledger.Redis.URLFile))
	require.FileExists(t, cfg.Ledger.Redis.URLFile, "url_file is in the Secret's mount")

	u, err := url.Parse(secret["redis-url"].(string))
	require.NoError(t, err)
	require.Equal(t, "valkey.monitoring.svc:6379", u.Host, "the URL names the Valkey Service")
	require.Equal(t, "valkey", sts.Spec.ServiceName)
	pw, _ := u.User.Password()
	require.Equal(t, secret["valkey-password"], pw, "the URL carries Valkey's password")
	vk := sts.Spec.Template.Spec.Containers[0]
	require.Equal(t, "VALKEY_PASSWORD", vk.Env[0].Name)
	require.Equal(t, "valkey-password", vk.Env[0].ValueFrom.SecretKeyRef.Key)
	require.Contains(t, strings.Join(vk.Args, " "), "--requirepass $(VALKEY_PASSWORD)")
	require.Contains(t, strings.Join(vk.Args, " "), "--appendonly yes", "Valkey keeps the ledger across restarts")
}

// loadWithMounts lays out the ConfigMap's data and the Secret's as the
// bridge's pod mounts them, under a temporary root, and loads the
// configuration file that args name.
func loadWithMounts(t *testing.T, configMap, secret map[string]any, args []string) *config.Config {
	t.Helper()
	root := t.TempDir()
	for dir, files := range map[string]map[string]any{
		"/etc/alertmanager-pushover/config": configMap, "/etc/alertmanager-pushover/secrets": secret} {
		for name, content := range files {
			p := filepath.Join(root, dir, name)
			require.NoError(t, os.MkdirAll(filepath.Dir(p), 0o700))
			require.NoError(t, os.WriteFile(p, []byte(content.(string)), 0o600))
		}
	}
	cf, ok := flagValue(args, "config.file")
	require.True(t, ok)
	text := strings.ReplaceAll(string(readFile(t, filepath.Join(root, cf))), "/etc/alertmanager-pushover/",
		filepath.Join(root, "etc/alertmanager-pushover")+"/")
	cfg, err := config.Load(text)
	require.NoError(t, err, "the ConfigMap's config.yml, with the pod's mounts")
	return cfg
}
