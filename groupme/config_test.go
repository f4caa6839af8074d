package groupme_test

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
)

// strict decodes YAML as the bridge's loader does: unknown keys are errors.
func strict(s string, v any) error {
	dec := yaml.NewDecoder(strings.NewReader(s))
	dec.KnownFields(true)
	return dec.Decode(v)
}

const token = "SecretAccessToken1234567890abcdefghijklm"

func TestConfig(t *testing.T) {
	for _, tc := range []struct {
		name, yaml string
		want       groupme.Config
		err        string // a substring of the error; "" for none
		sentinel   error
	}{
		{"defaults", "groupme: {}", groupme.DefaultConfig(), "", nil},
		{"all", "groupme: {access_token_file: tok, api_url: 'http://fake:1/v3/', image_url: 'http://fake:1/image/', timeout: 3s}",
			groupme.Config{AccessTokenFile: "tok", APIURL: "http://fake:1/v3/", ImageURL: "http://fake:1/image/", Timeout: model.Duration(3 * time.Second)}, "", nil},
		{"unknown key", "groupme: {acess_token: x}", groupme.Config{}, "field acess_token not found", nil},
		{"both tokens", "groupme: {access_token: " + token + ", access_token_file: f}", groupme.Config{}, "at most one", groupme.ErrConfigInvalid},
		{"bad token", "groupme: {access_token: 'has space'}", groupme.Config{}, "access_token", groupme.ErrConfigInvalid},
		{"bad api_url", "groupme: {api_url: 'ftp://x'}", groupme.Config{}, "api_url", groupme.ErrConfigInvalid},
		{"bad image_url", "groupme: {image_url: 'http://u:p@x/'}", groupme.Config{}, "image_url", groupme.ErrConfigInvalid},
		{"zero timeout", "groupme: {timeout: 0s}", groupme.Config{}, "timeout", groupme.ErrConfigInvalid},
		{"bad duration", "groupme: {timeout: soon}", groupme.Config{}, "line 1: timeout", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				GroupMe groupme.Config `yaml:"groupme"`
			}
			err := strict(tc.yaml, &v)
			if tc.err == "" {
				require.NoError(t, err)
				require.Equal(t, tc.want, v.GroupMe)
				return
			}
			require.ErrorContains(t, err, tc.err)
			require.NotContains(t, err.Error(), token)
			if tc.sentinel != nil {
				require.ErrorIs(t, err, tc.sentinel)
			}
		})
	}
}

func TestConfigSecretsNeverPrinted(t *testing.T) {
	c := groupme.DefaultConfig()
	c.AccessToken = token
	r := groupme.RecipientConfig{BotID: "b0ad1f1b3c2e4d5f6a7b8c9d0e"}
	out, err := yaml.Marshal(map[string]any{"groupme": c, "r": r})
	require.NoError(t, err)
	require.NotContains(t, string(out), token)
	require.NotContains(t, string(out), "b0ad1f1b3c2e4d5f6a7b8c9d0e")
	require.Contains(t, string(out), "<secret>")
}

func TestAccessTokenFile(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "tok"), []byte(" "+token+"\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "empty"), []byte("\n"), 0o600))
	c := groupme.Config{AccessTokenFile: "tok"}
	c.ResolvePaths(dir)
	got, err := c.ReadAccessToken()
	require.NoError(t, err)
	require.Equal(t, token, got)
	opts, err := c.Options()
	require.NoError(t, err)
	require.NotEmpty(t, opts)

	c = groupme.Config{AccessTokenFile: filepath.Join(dir, "empty")}
	_, err = c.ReadAccessToken()
	require.ErrorIs(t, err, groupme.ErrConfigMissing)
	c = groupme.Config{AccessTokenFile: filepath.Join(dir, "missing")}
	_, err = c.ReadAccessToken()
	require.ErrorIs(t, err, os.ErrNotExist)
	var ce *groupme.ConfigError
	require.True(t, errors.As(err, &ce))
	require.Equal(t, "access_token_file", ce.Field)

	none := groupme.DefaultConfig()
	got, err = none.ReadAccessToken()
	require.NoError(t, err)
	require.Empty(t, got, "no token: posts without pictures")
}

func TestRecipientConfig(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "bot"), []byte("b0ad1f1b3c2e4d5f6a7b8c9d0e\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "badbot"), []byte("not a bot id\n"), 0o600))
	for _, tc := range []struct {
		name, yaml, want, err string
	}{
		{"inline", "groupme: {bot_id: abc123}", "abc123", ""},
		{"file", "groupme: {bot_id_file: bot}", "b0ad1f1b3c2e4d5f6a7b8c9d0e", ""},
		{"bad file content", "groupme: {bot_id_file: badbot}", "", "letters and digits"},
		{"missing file", "groupme: {bot_id_file: nope}", "", "no such file"},
		{"neither", "groupme: {}", "", "one of bot_id and bot_id_file is required"},
		{"both", "groupme: {bot_id: abc, bot_id_file: bot}", "", "at most one"},
		{"bad inline", "groupme: {bot_id: 'abc-123'}", "", "letters and digits"},
		{"unknown key", "groupme: {bot: abc}", "", "field bot not found"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var v struct {
				GroupMe groupme.RecipientConfig `yaml:"groupme"`
			}
			err := strict(tc.yaml, &v)
			if err == nil {
				v.GroupMe.ResolvePaths(dir)
				var id string
				id, err = v.GroupMe.ReadBotID()
				if tc.err == "" {
					require.NoError(t, err)
					require.Equal(t, tc.want, id)
					return
				}
			}
			require.ErrorContains(t, err, tc.err)
			require.NotContains(t, err.Error(), "abc-123")
			require.NotContains(t, err.Error(), "not a bot id")
		})
	}
}
