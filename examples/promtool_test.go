package examples

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// tool returns the path of a real program the test needs; without it the
// test skips, or fails when E2E_REQUIRED is set (as `make test` sets it,
// after scripts/install-test-deps.sh).
func tool(t *testing.T, name string) string {
	t.Helper()
	path, err := exec.LookPath(name)
	if err == nil {
		return path
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatalf("%s is not installed; run `make test` (scripts/install-test-deps.sh installs it)", name)
	}
	t.Skipf("%s is not installed: run scripts/install-test-deps.sh", name)
	return ""
}

func run(t *testing.T, dir, name string, args ...string) string {
	t.Helper()
	cmd := exec.Command(name, args...)
	cmd.Dir = dir
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, "%s %s:\n%s", name, strings.Join(args, " "), out)
	return string(out)
}

// TestAlertRulesWithPromtool parses alerts.yml and demo-rules.yml with
// Prometheus's own PromQL parser, and runs the unit tests of
// alerts_test.yml: each alert fires on its first event, from counters
// that start at 0 as the bridge creates them.
func TestAlertRulesWithPromtool(t *testing.T) {
	promtool := tool(t, "promtool")
	out := run(t, ".", promtool, "check", "rules", "alerts.yml", "demo-rules.yml")
	require.Contains(t, out, "SUCCESS: 11 rules found")
	out = run(t, ".", promtool, "test", "rules", "alerts_test.yml")
	require.Contains(t, out, "SUCCESS")
}

// TestWebConfigRecipe follows web-config.yml's own instructions: the
// openssl line in its comments makes the certificate it names, and then
// promtool (Prometheus's checker of the same exporter-toolkit format)
// accepts the file.
func TestWebConfigRecipe(t *testing.T) {
	promtool, openssl := tool(t, "promtool"), tool(t, "openssl")
	text := string(readFile(t, "web-config.yml"))
	var recipe string
	for _, line := range strings.Split(text, "\n") {
		if s, ok := strings.CutPrefix(line, "#   mkdir -p tls && openssl "); ok {
			recipe = s
		}
	}
	require.NotEmpty(t, recipe, "web-config.yml documents how to make its certificate")
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "web-config.yml"), []byte(text), 0o600))
	require.NoError(t, os.Mkdir(filepath.Join(dir, "tls"), 0o700))
	run(t, dir, openssl, strings.Fields(recipe)...)
	out := run(t, dir, promtool, "check", "web-config", "web-config.yml")
	require.Contains(t, out, "SUCCESS")
}
