package action

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

func TestConfigValidate(t *testing.T) {
	for _, tc := range []struct {
		name, yaml, field string
	}{
		{"empty", "{}", ""},
		{"full", "external_url: https://bridge.example.org/am\nlink_secret: 0123456789abcdef", ""},
		{"relative url", "external_url: bridge.example.org", "external_url"},
		{"ftp url", "external_url: ftp://bridge.example.org", "external_url"},
		{"credentials in url", "external_url: https://u:p@bridge.example.org", "external_url"},
		{"query in url", "external_url: https://bridge.example.org/?a=b", "external_url"},
		{"both secrets", "link_secret: 0123456789abcdef\nlink_secret_file: /x", "link_secret"},
		{"short secret", "link_secret: short", "link_secret"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var c Config
			err := yaml.Unmarshal([]byte(tc.yaml), &c)
			if tc.field == "" {
				require.NoError(t, err)
				return
			}
			var ce *configerr.ConfigError
			require.True(t, errors.As(err, &ce), "%v", err)
			require.Equal(t, "web", ce.Section)
			require.Equal(t, tc.field, ce.Field)
			require.ErrorIs(t, err, configerr.ErrInvalid)
			require.NotContains(t, err.Error(), "u:p")
		})
	}
}

func TestConfigSecret(t *testing.T) {
	derived, err := (&Config{}).Secret("app-token")
	require.NoError(t, err)
	again, _ := (&Config{}).Secret("app-token")
	other, _ := (&Config{}).Secret("other-token")
	require.Equal(t, derived, again, "the same on every replica")
	require.NotEqual(t, derived, other)
	require.NotContains(t, string(derived), "app-token")

	got, err := (&Config{LinkSecret: "0123456789abcdef"}).Secret("app-token")
	require.NoError(t, err)
	require.Equal(t, "0123456789abcdef", string(got))

	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "link"), []byte("from-a-file-0123456789\n"), 0o600))
	c := Config{LinkSecretFile: "link"}
	c.ResolvePaths(dir)
	got, err = c.Secret("app-token")
	require.NoError(t, err)
	require.Equal(t, "from-a-file-0123456789", string(got))

	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty"), []byte("\n"), 0o600))
	_, err = (&Config{LinkSecretFile: filepath.Join(dir, "empty")}).Secret("app-token")
	require.ErrorIs(t, err, configerr.ErrMissing)
}

func TestNewAndLink(t *testing.T) {
	ok := Options{ExternalURL: "https://bridge.example.org/prefix/", Secret: testSecret, LinkTTL: time.Hour,
		Groups: &fakeGroups{}, Acknowledger: &fakeGroups{}, Now: func() time.Time { return testNow }}
	s, err := New(ok)
	require.NoError(t, err)
	link := s.Link(testGroup, "alice")
	require.True(t, strings.HasPrefix(link, "https://bridge.example.org/prefix/action/"), link)
	c, err := s.signer.verify(link[strings.LastIndex(link, "/")+1:], testNow)
	require.NoError(t, err)
	require.Equal(t, Claims{Group: testGroup, Recipient: "alice", Expires: testNow.Add(time.Hour)}, c)

	for name, mutate := range map[string]func(*Options){
		"no url":          func(o *Options) { o.ExternalURL = "" },
		"short secret":    func(o *Options) { o.Secret = []byte("short") },
		"no groups":       func(o *Options) { o.Groups = nil },
		"no acknowledger": func(o *Options) { o.Acknowledger = nil },
		"no ttl":          func(o *Options) { o.LinkTTL = 0 },
	} {
		o := ok
		mutate(&o)
		_, err := New(o)
		require.Error(t, err, name)
	}
}
