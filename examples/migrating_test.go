package examples

import (
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
)

// TestMigrationGuideConfigLoads loads the bridge configuration of
// docs/migrating.md's before/after example, with secret files and a
// template file written for Alertmanager's html: false.
func TestMigrationGuideConfigLoads(t *testing.T) {
	doc := string(readFile(t, filepath.Join(repoRoot, "docs", "migrating.md")))
	var bridge string
	for _, m := range regexp.MustCompile("(?s)```yaml\n(.*?)```").FindAllStringSubmatch(doc, -1) {
		if strings.HasPrefix(m[1], "pushover:") {
			bridge = m[1]
		}
	}
	require.NotEmpty(t, bridge, "the guide shows the bridge's configuration")
	dir := t.TempDir()
	write := func(name, content string) {
		require.NoError(t, os.MkdirAll(filepath.Dir(filepath.Join(dir, name)), 0o700))
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	write("secrets/pushover-token", "azGDORePK8gMaC0QOYAMyEEuzJnyUi\n")
	write("secrets/bearer-token", "a-bearer-token\n")
	write("secrets/alice-user-key", "uQiRzpo4DXghDmr9QzzfQu27cmVRsG\n")
	write("secrets/ops-group-key", "gznej3rKEVAvPUxu9vvNnqpmZpokzF\n")
	write("templates/my.tmpl", `{{ define "my.title" }}[{{ .Status | toUpper }}] {{ .CommonLabels.alertname }}{{ end }}
{{ define "my.message" }}{{ range .Alerts }}{{ .Annotations.summary }} (expected: latency<b){{ end }}{{ end }}
`)
	write("config.yml", bridge)
	cfg, err := config.LoadFile(filepath.Join(dir, "config.yml"))
	require.NoError(t, err)
	require.Len(t, cfg.Built().Router.Routes, 2)

	// The same templates in format: html fail to load, and say what to do.
	write("html.yml", strings.Replace(bridge, "format: text", "format: html", 1))
	_, err = config.LoadFile(filepath.Join(dir, "html.yml"))
	require.ErrorContains(t, err, "set format: text")
}
