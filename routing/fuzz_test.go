package routing

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func FuzzCompile(f *testing.F) {
	files, err := filepath.Glob("testdata/*.yml")
	require.NoError(f, err)
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(string(b))
	}
	f.Add(splitConfig)
	f.Add(orderConfig)
	dir := f.TempDir()
	f.Fuzz(func(t *testing.T, y string) {
		cfg, err := decode([]byte(y))
		if err != nil {
			return
		}
		r, err := Compile(cfg, dir)
		if err == nil {
			require.NotEmpty(t, r.Routes)
			r.Split("x", nil)
			r.Describe()
			return
		}
		others := strings.Join(otherStrings(cfg), "\x00")
		for name, rc := range cfg.Recipients {
			key := string(rc.UserKey)
			if len(key) < 16 || strings.Contains(others, key) || strings.Contains(name, key) {
				continue // too short to tell, or also written where errors may quote it
			}
			require.NotContains(t, err.Error(), key)
		}
	})
}

// otherStrings returns every string of cfg but the user keys.
func otherStrings(cfg Config) []string {
	var out []string
	for name, rc := range cfg.Recipients {
		out = append(out, name, rc.UserKeyFile)
		out = append(out, rc.Devices...)
	}
	settings := []Settings{cfg.Defaults}
	for _, rc := range cfg.Routes {
		out = append(out, rc.Name, rc.Receiver)
		out = append(out, rc.Matchers...)
		out = append(out, rc.To...)
		settings = append(settings, rc.Settings)
	}
	for _, s := range settings {
		for _, p := range []*string{s.Priority, s.Sound, s.Format, s.ResolvedPriority, s.ResolvedSound} {
			if p != nil {
				out = append(out, *p)
			}
		}
	}
	return out
}

func FuzzParseMatchers(f *testing.F) {
	for _, s := range []string{
		`severity="critical"`, `team=~"db|storage"`, `env!="dev"`, `a!~"b.*"`,
		`{a="b",c=~"d"}`, `{msg="a,b", c="d",}`, `msg="say \"hi\""`, `msg="a\\b\nc"`,
		`x=~"(db"`, `severity`, ``, `{}`, `a="unterminated`, `a=""`, "a=\"\xff\"", `a=~".*"`,
	} {
		f.Add(s, "critical")
	}
	f.Fuzz(func(t *testing.T, s, value string) {
		ms, err := ParseMatchers([]string{s})
		if err != nil {
			return
		}
		require.NotEmpty(t, ms)
		for _, m := range ms {
			m.Matches(value)
			m.Matches("")
		}
		again, err := ParseMatchers([]string{ms.String()})
		require.NoError(t, err, "re-parsing %s", ms)
		require.Equal(t, ms.String(), again.String())
	})
}
