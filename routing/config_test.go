package routing

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

// fileConfig embeds Config the way the config package does.
type fileConfig struct {
	Config `yaml:",inline"`
}

// decode decodes a configuration strictly, as the config package does.
func decode(data []byte) (Config, error) {
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	var fc fileConfig
	err := dec.Decode(&fc)
	return fc.Config, err
}

// load decodes and compiles a configuration file; key files resolve
// against its directory.
func load(t testing.TB, path string) (*Router, error) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	cfg, err := decode(data)
	if err != nil {
		return nil, err
	}
	return Compile(cfg, filepath.Dir(path))
}

func TestGoodFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.good.yml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			r, err := load(t, f)
			require.NoError(t, err)
			require.NotEmpty(t, r.Routes)
			for _, rt := range r.Routes {
				require.NotEmpty(t, rt.To, rt.Name)
			}
		})
	}
}

func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("testdata/*.bad.yml")
	require.NoError(t, err)
	require.NotEmpty(t, files)
	for _, f := range files {
		t.Run(filepath.Base(f), func(t *testing.T) {
			want, err := os.ReadFile(strings.TrimSuffix(f, ".yml") + ".err")
			require.NoError(t, err, "every bad file needs a .bad.err with the expected error regexp")
			r, err := load(t, f)
			require.Nil(t, r)
			require.Error(t, err)
			require.Regexp(t, regexp.MustCompile(strings.TrimSpace(string(want))), err.Error())
			requireNoKeyIn(t, f, err.Error())
		})
	}
}

// keyLikeRE finds anything shaped like (or close to) a Pushover key.
var keyLikeRE = regexp.MustCompile(`[A-Za-z0-9-]{29,}`)

// requireNoKeyIn checks that msg quotes no key from the file or the key
// files it names.
func requireNoKeyIn(t *testing.T, path, msg string) {
	t.Helper()
	data, err := os.ReadFile(path)
	require.NoError(t, err)
	keys, err := filepath.Glob("testdata/keys/*")
	require.NoError(t, err)
	for _, k := range keys {
		b, err := os.ReadFile(k)
		require.NoError(t, err)
		data = append(data, b...)
	}
	for _, secret := range keyLikeRE.FindAll(data, -1) {
		if bytes.Contains(secret, []byte("abcdefghijklmnopqrstuvwxyz")) {
			continue // a device name the errors must quote
		}
		require.NotContains(t, msg, string(secret))
	}
}
