package routing

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	commoncfg "github.com/prometheus/common/config"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

const testKey = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"

func TestUserKeyFile(t *testing.T) {
	tests := []struct {
		name    string
		content string
	}{
		{"trailing newline", testKey + "\n"},
		{"crlf", testKey + "\r\n"},
		{"surrounding space", "  " + testKey + " \n\n"},
		{"bare", testKey},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			require.NoError(t, os.WriteFile(filepath.Join(dir, "k"), []byte(tc.content), 0o600))
			cfg := Config{
				Recipients: map[string]RecipientConfig{"me": {UserKeyFile: "k"}},
				Routes:     []RouteConfig{{Name: "r", To: []string{"me"}}},
			}
			r, err := Compile(cfg, dir)
			require.NoError(t, err)
			require.Equal(t, testKey, r.Routes[0].To[0].UserKey)

			abs := filepath.Join(dir, "k")
			cfg.Recipients["me"] = RecipientConfig{UserKeyFile: abs}
			r, err = Compile(cfg, "/nonexistent")
			require.NoError(t, err, "absolute paths ignore baseDir")
			require.Equal(t, testKey, r.Recipients[0].UserKey)
		})
	}
}

func TestNoSecretInErrors(t *testing.T) {
	dir := t.TempDir()
	for name, content := range map[string]string{
		"long":  testKey + "X\n",
		"short": testKey[:29] + "\n",
		"space": testKey[:15] + " " + testKey[15:] + "\n",
	} {
		require.NoError(t, os.WriteFile(filepath.Join(dir, name), []byte(content), 0o600))
	}
	cfg := Config{
		Recipients: map[string]RecipientConfig{
			"inline-long":  {UserKey: testKey + "X"},
			"inline-short": {UserKey: commoncfg.Secret(testKey[:29])},
			"inline-dash":  {UserKey: commoncfg.Secret(testKey[:29] + "-")},
			"both":         {UserKey: testKey, UserKeyFile: "long"},
			"file-long":    {UserKeyFile: "long"},
			"file-short":   {UserKeyFile: "short"},
			"file-space":   {UserKeyFile: "space"},
		},
		Routes: []RouteConfig{{Name: "r", To: []string{"inline-long", "nope"}}},
	}
	_, err := Compile(cfg, dir)
	require.Error(t, err)
	msg := err.Error()
	require.Equal(t, 7, strings.Count(msg, "recipient \""), msg)
	for _, part := range []string{testKey[:29], testKey[1:], testKey[:15], testKey[15:]} {
		require.NotContains(t, msg, part)
	}
}

func TestRecipientNeverPrintsKey(t *testing.T) {
	r := &Recipient{Name: "oncall", UserKey: testKey, Devices: []string{"phone", "tablet"}}
	for _, s := range []string{
		fmt.Sprint(r), fmt.Sprintf("%v %+v %s", *r, r, r), fmt.Sprintf("%#v", r), fmt.Sprintf("%#v", *r),
	} {
		require.NotContains(t, s, testKey)
		require.Contains(t, s, "oncall")
	}
	require.Equal(t, "oncall (phone,tablet)", r.String())
}

func TestConfigMarshalHidesKey(t *testing.T) {
	cfg := Config{Recipients: map[string]RecipientConfig{"me": {UserKey: testKey}}}
	out, err := yaml.Marshal(cfg)
	require.NoError(t, err)
	require.NotContains(t, string(out), testKey)
	require.Contains(t, string(out), "<secret>")
}

func TestUserKeyFileTooLarge(t *testing.T) {
	cfg := Config{
		Recipients: map[string]RecipientConfig{"me": {UserKeyFile: "/dev/zero"}},
		Routes:     []RouteConfig{{Name: "r", To: []string{"me"}}},
	}
	_, err := Compile(cfg, t.TempDir())
	require.ErrorIs(t, err, configerr.ErrInvalid)
	require.ErrorContains(t, err, `recipient "me": user_key_file: invalid value: /dev/zero is larger than 4096 bytes`)
}
