package examples

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
)

// instruction is one Dockerfile instruction: the keyword, its flags
// (--from=build) and its arguments (JSON form decoded).
type instruction struct {
	cmd   string
	flags map[string]string
	args  []string
}

// parseDockerfile reads a Dockerfile into stages of instructions; no
// Docker engine is needed. It handles comments, line continuations, flags
// and the JSON (exec) form.
func parseDockerfile(t *testing.T, text string) [][]instruction {
	t.Helper()
	var stages [][]instruction
	var logical []string
	var cur strings.Builder
	for line := range strings.Lines(text) {
		line = strings.TrimRight(line, "\r\n")
		trimmed := strings.TrimSpace(line)
		if strings.HasPrefix(trimmed, "#") || (trimmed == "" && cur.Len() == 0) {
			continue
		}
		if l, ok := strings.CutSuffix(line, "\\"); ok {
			cur.WriteString(l + " ")
			continue
		}
		cur.WriteString(line)
		logical = append(logical, strings.TrimSpace(cur.String()))
		cur.Reset()
	}
	require.Zero(t, cur.Len(), "the last line continues")
	for _, l := range logical {
		cmd, rest, _ := strings.Cut(l, " ")
		in := instruction{cmd: strings.ToUpper(cmd), flags: map[string]string{}}
		rest = strings.TrimSpace(rest)
		for strings.HasPrefix(rest, "--") {
			var f string
			f, rest, _ = strings.Cut(rest, " ")
			k, v, _ := strings.Cut(strings.TrimPrefix(f, "--"), "=")
			in.flags[k] = v
			rest = strings.TrimSpace(rest)
		}
		if strings.HasPrefix(rest, "[") {
			require.NoError(t, json.Unmarshal([]byte(rest), &in.args), l)
		} else {
			in.args = strings.Fields(rest)
		}
		if in.cmd == "FROM" {
			stages = append(stages, nil)
		}
		require.NotEmpty(t, stages, "%s before FROM", in.cmd)
		stages[len(stages)-1] = append(stages[len(stages)-1], in)
	}
	return stages
}

func find(stage []instruction, cmd string) []instruction {
	var out []instruction
	for _, in := range stage {
		if in.cmd == cmd {
			out = append(out, in)
		}
	}
	return out
}

// TestDockerfile checks the Dockerfile's invariants by reading it (no
// Docker engine runs the tests): the binary is built with scripts/build.sh,
// the final image is distroless and runs as a non-root user, it exposes
// the default listen port, copies a configuration that loads, and keeps
// --storage.path on a volume.
func TestDockerfile(t *testing.T) {
	stages := parseDockerfile(t, string(readFile(t, filepath.Join(repoRoot, "Dockerfile"))))
	require.GreaterOrEqual(t, len(stages), 2, "a multi-stage build")
	build, final := stages[0], stages[len(stages)-1]

	// The build stage builds with the one build script, statically.
	require.Equal(t, "build", strings.ToLower(build[0].args[len(build[0].args)-1]), "FROM … AS build")
	var built string
	for _, in := range find(build, "RUN") {
		if in.args[0] == "scripts/build.sh" {
			built = in.args[1]
			require.Contains(t, in.flags["mount"], "type=cache", "the Go build cache persists between builds")
		}
	}
	require.NotEmpty(t, built, "the build stage runs scripts/build.sh OUTPUT")
	script := string(readFile(t, filepath.Join(repoRoot, "scripts", "build.sh")))
	require.Contains(t, script, "CGO_ENABLED=0", "a static binary for distroless/static")

	// The final stage.
	require.Contains(t, final[0].args[0], "gcr.io/distroless/static")
	require.True(t, strings.HasSuffix(final[0].args[0], ":nonroot"), final[0].args[0])
	users := find(final, "USER")
	require.NotEmpty(t, users)
	user := users[len(users)-1].args[0]
	uid, _, _ := strings.Cut(user, ":")
	require.NotContains(t, []string{"", "0", "root"}, uid, "USER must not be root")

	entry := find(final, "ENTRYPOINT")
	require.Len(t, entry, 1)
	require.Len(t, entry[0].args, 1, "ENTRYPOINT is the binary alone; flags go in CMD")
	binPath := entry[0].args[0]

	var configs []string
	var binaryCopied bool
	for _, in := range find(final, "COPY") {
		src, dst := in.args[0], in.args[len(in.args)-1]
		if from := in.flags["from"]; from != "" {
			require.Equal(t, "build", from)
			if src == built {
				require.Equal(t, binPath, dst)
				binaryCopied = true
			}
			continue
		}
		_, err := os.Stat(filepath.Join(repoRoot, src))
		require.NoError(t, err, "COPY %s: no such file in the repository", src)
		if strings.HasPrefix(dst, "/etc/alertmanager-pushover/") {
			configs = append(configs, src)
		}
		if chown := in.flags["chown"]; chown != "" {
			require.Equal(t, user, chown)
		}
	}
	require.True(t, binaryCopied, "the final stage copies %s from the build stage to %s", built, binPath)
	require.NotEmpty(t, configs, "a default configuration under /etc/alertmanager-pushover/")
	for _, c := range configs {
		_, err := config.LoadFile(filepath.Join(repoRoot, c))
		require.NoError(t, err, "the image's configuration %s", c)
	}

	// EXPOSE is the default listen port.
	expose := find(final, "EXPOSE")
	require.Len(t, expose, 1)
	require.Equal(t, []string{defaultListenPort(t)}, expose[0].args)

	// CMD holds real flags: the copied config, and the storage path on a VOLUME.
	cmd := find(final, "CMD")
	require.Len(t, cmd, 1)
	requireFlagsParse(t, cmd[0].args, "the Dockerfile's CMD")
	cf, ok := flagValue(cmd[0].args, "config.file")
	require.True(t, ok)
	require.Equal(t, "/etc/alertmanager-pushover/config.yml", cf)
	var copiedCF bool
	for _, in := range find(final, "COPY") {
		if in.args[len(in.args)-1] == cf {
			copiedCF = true
		}
	}
	require.True(t, copiedCF, "CMD's --config.file is the copied configuration")
	sp, ok := flagValue(cmd[0].args, "storage.path")
	require.True(t, ok)
	vol := find(final, "VOLUME")
	require.Len(t, vol, 1)
	require.Equal(t, []string{sp}, vol[0].args, "VOLUME is --storage.path")

	// The build context keeps what the build needs.
	needed := []string{"go.mod", "go.sum", "VERSION", "scripts/build.sh", "cmd/alertmanager-pushover/main.go", ".git"}
	needed = append(needed, configs...)
	for _, p := range dockerignored(t) {
		for _, n := range needed {
			for dir := n; dir != "." && dir != "/"; dir = filepath.Dir(dir) {
				ok, err := filepath.Match(p, dir)
				require.NoError(t, err)
				require.False(t, ok, ".dockerignore's %q excludes %s, which the build needs", p, n)
			}
		}
	}

	labels := map[string]bool{}
	for _, in := range find(final, "LABEL") {
		for _, a := range in.args {
			k, _, _ := strings.Cut(a, "=")
			labels[k] = true
		}
	}
	require.True(t, labels["org.opencontainers.image.title"], "OCI labels")
}

// dockerignored returns the patterns of .dockerignore (none without one).
func dockerignored(t *testing.T) []string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(repoRoot, ".dockerignore"))
	if os.IsNotExist(err) {
		return nil
	}
	require.NoError(t, err)
	var out []string
	for line := range strings.Lines(string(b)) {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		require.False(t, strings.HasPrefix(line, "!"), "exceptions are not checked: %s", line)
		out = append(out, strings.Trim(line, "/"))
	}
	return out
}
