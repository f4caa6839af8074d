package examples

import (
	"os/exec"
	"path/filepath"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
)

// TestReadmeDocumentsEverything keeps the README's reference complete:
// every configuration key, every metric, every flag and every command.
func TestReadmeDocumentsEverything(t *testing.T) {
	readme := string(readFile(t, filepath.Join(repoRoot, "README.md")))
	word := func(w string) *regexp.Regexp {
		return regexp.MustCompile(`(^|[^A-Za-z0-9_])` + regexp.QuoteMeta(w) + `($|[^A-Za-z0-9_])`)
	}

	for _, key := range yamlKeys(reflect.TypeFor[config.Config](), map[reflect.Type]bool{}) {
		require.Regexp(t, word(key), readme, "the README's configuration reference lacks %q", key)
	}
	for _, name := range metricNames(t) {
		short := strings.TrimPrefix(name, "alertmanager_pushover_")
		require.Regexp(t, word(short), readme, "the README's metrics lack %s", name)
	}
	out, err := exec.Command(binary(t), "--help-long").CombinedOutput()
	require.NoError(t, err, string(out))
	for _, m := range regexp.MustCompile(`--(?:\[no-\])?([a-z][a-z.-]+)`).FindAllStringSubmatch(string(out), -1) {
		if strings.HasPrefix(m[1], "help") {
			continue
		}
		require.Contains(t, readme, "--"+m[1], "the README's command line lacks --%s", m[1])
	}
	for _, cmd := range []string{"serve", "check-config", "routes test", "render", "send-test"} {
		require.Contains(t, readme, "`"+cmd, "the README lacks the command %s", cmd)
	}
	require.Contains(t, readme, "\n## Performance\n")
	require.Contains(t, readme, "(bench/README.md)")
	require.Contains(t, readme, "(docs/migrating.md)")
	require.Contains(t, readme, "(docs/chart-example.png)")
	require.Contains(t, readme, "https://prometheus.io/docs/prometheus/latest/configuration/configuration/#http_config",
		"the prometheus section's HTTP client keys are Prometheus' own")
	require.Contains(t, readme, "(LICENSE)")
	require.Contains(t, readme, "go run ./cmd/alertmanager-pushover --config.file=examples/config.yml --pushover.dry-run")
	require.Contains(t, readme, "make test")
}
