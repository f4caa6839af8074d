package examples

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"

	"github.com/prometheus/client_golang/prometheus/collectors/version"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/receiver"
)

// repoRoot is the repository, seen from this package's directory.
const repoRoot = ".."

// builtBinary is the bridge built once per test binary with
// scripts/build.sh, the script the Dockerfile uses.
var builtBinary = sync.OnceValues(func() (string, error) {
	dir, err := os.MkdirTemp("", "amp-examples-")
	if err != nil {
		return "", err
	}
	bin := filepath.Join(dir, "alertmanager-pushover")
	out, err := exec.Command(filepath.Join(repoRoot, "scripts", "build.sh"), bin).CombinedOutput()
	if err != nil {
		return "", fmt.Errorf("scripts/build.sh: %w\n%s", err, out)
	}
	return bin, nil
})

func binary(t *testing.T) string {
	t.Helper()
	bin, err := builtBinary()
	require.NoError(t, err)
	return bin
}

// requireFlagsParse checks that the bridge's command line accepts args:
// kingpin rejects an unknown flag or command before it acts on --help.
func requireFlagsParse(t *testing.T, args []string, where string) {
	t.Helper()
	for _, a := range args {
		require.True(t, strings.HasPrefix(a, "--"), "%s: %q is not a --flag", where, a)
	}
	cmd := exec.Command(binary(t), append(slices.Clone(args), "--help")...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err := cmd.Run()
	require.NoError(t, err, "%s: the bridge rejects %q:\n%s", where, args, out.String())
}

// defaultListenPort is the port of --web.listen-address's default, read
// from the binary's help.
func defaultListenPort(t *testing.T) string {
	t.Helper()
	out, err := exec.Command(binary(t), "serve", "--help").CombinedOutput()
	require.NoError(t, err, string(out))
	m := regexp.MustCompile(`--web\.listen-address=:(\d+)`).FindStringSubmatch(string(out))
	require.NotNil(t, m, "no default listen address in:\n%s", out)
	return m[1]
}

// flagValue returns the value of --name=value in args.
func flagValue(args []string, name string) (string, bool) {
	for _, a := range args {
		if v, ok := strings.CutPrefix(a, "--"+name+"="); ok {
			return v, true
		}
	}
	return "", false
}

// decodeStrict decodes one YAML document into v, rejecting unknown keys.
func decodeStrict(t *testing.T, b []byte, v any) {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	dec.KnownFields(true)
	require.NoError(t, dec.Decode(v))
}

// documents decodes every document of a multi-document YAML file.
func documents(t *testing.T, b []byte) []map[string]any {
	t.Helper()
	dec := yaml.NewDecoder(bytes.NewReader(b))
	var docs []map[string]any
	for {
		var d map[string]any
		err := dec.Decode(&d)
		if errors.Is(err, io.EOF) {
			return docs
		}
		require.NoError(t, err)
		if d != nil {
			docs = append(docs, d)
		}
	}
}

// remarshal converts a decoded document into v.
func remarshal(t *testing.T, doc any, v any) {
	t.Helper()
	b, err := yaml.Marshal(doc)
	require.NoError(t, err)
	require.NoError(t, yaml.Unmarshal(b, v))
}

func readFile(t *testing.T, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(name)
	require.NoError(t, err)
	return b
}

// recorder is a prometheus.Registerer that keeps what is registered.
type recorder struct{ cs []prometheus.Collector }

func (r *recorder) Register(c prometheus.Collector) error { r.cs = append(r.cs, c); return nil }
func (r *recorder) MustRegister(cs ...prometheus.Collector) {
	r.cs = append(r.cs, cs...)
}
func (r *recorder) Unregister(prometheus.Collector) bool { return false }

var fqNameRE = regexp.MustCompile(`fqName: "([^"]+)"`)

// bridgeMetrics returns the name of every metric the bridge registers
// (each package registers its own), with the series names of
// histograms.
func bridgeMetrics(t *testing.T) map[string]bool {
	t.Helper()
	names := map[string]bool{}
	for _, n := range metricNames(t) {
		names[n] = true
		for _, suffix := range []string{"_bucket", "_sum", "_count"} {
			names[n+suffix] = true
		}
	}
	return names
}

// metricNames returns the names of the metrics the bridge registers.
func metricNames(t *testing.T) []string {
	t.Helper()
	var r recorder
	receiver.NewMetrics(&r)
	pipeline.NewMetrics(&r)
	emergency.NewMetrics(&r)
	ledger.NewMetrics(&r)
	pushover.NewMetrics(&r)
	config.NewMetrics(&r)
	graph.NewMetrics(&r)
	action.NewMetrics(&r)
	r.MustRegister(version.NewCollector("alertmanager_pushover"))
	var names []string
	for _, c := range r.cs {
		ch := make(chan *prometheus.Desc, 64)
		go func() { c.Describe(ch); close(ch) }()
		for d := range ch {
			m := fqNameRE.FindStringSubmatch(d.String())
			require.NotNil(t, m, d.String())
			names = append(names, m[1])
		}
	}
	require.NotEmpty(t, names)
	return names
}
