package config

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/stretchr/testify/require"
)

const minimal = `
pushover: {token: ` + token + `}
recipients: {oncall: {user_key: ` + oncallKey + `}}
routes: [{name: all, to: [oncall]}]
`

func TestEmergencySections(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "cb"), []byte("from-a-file\n"), 0o600))
	require.NoError(t, os.WriteFile(filepath.Join(dir, "am"), []byte("am-token\n"), 0o600))
	for _, tc := range []struct {
		name    string
		yaml    string
		err     string
		secret  string
		amToken string
	}{
		{name: "defaults", yaml: minimal},
		{name: "all set", yaml: minimal + `
emergency: {callback_url: "https://bridge.example.com", callback_secret_file: cb, poll_interval: 10s, poll_spacing: 2s}
alertmanager: {url: "http://am:9093", bearer_token_file: am, timeout: 5s}
ledger: {retention: 48h}
`, secret: "from-a-file", amToken: "am-token"},
		{name: "callback secret inline", yaml: minimal + `emergency: {callback_secret: s3cret}`, secret: "s3cret"},
		{name: "polling off", yaml: minimal + `emergency: {poll_interval: 0s}`},
		{name: "poll too fast", yaml: minimal + `emergency: {poll_interval: 2s}`, err: "poll_interval"},
		{name: "relative callback url", yaml: minimal + `emergency: {callback_url: /x}`, err: "callback_url"},
		{name: "two secrets", yaml: minimal + `emergency: {callback_secret: a, callback_secret_file: cb}`, err: "callback_secret"},
		{name: "bad alertmanager url", yaml: minimal + `alertmanager: {url: "am:9093"}`, err: "alertmanager"},
		// Issue 10, item 6: a credential never goes where a payload says.
		{name: "token without url", yaml: minimal + `alertmanager: {bearer_token: s3cret}`,
			err: "alertmanager: url: missing value: required when bearer_token or bearer_token_file is set: " +
				"credentials are sent only to a configured URL, never to the externalURL a webhook names"},
		{name: "token file without url", yaml: minimal + `alertmanager: {bearer_token_file: am}`,
			err: "alertmanager: url: missing value: required when bearer_token"},
		{name: "short retention", yaml: minimal + `ledger: {retention: 5m}`, err: "retention"},
		{name: "unknown key", yaml: minimal + `emergency: {callback: x}`, err: "callback"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			path := filepath.Join(dir, "config.yml")
			require.NoError(t, os.WriteFile(path, []byte(tc.yaml), 0o600))
			c, err := LoadFile(path)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			b := c.Built()
			if tc.secret != "" {
				require.Equal(t, tc.secret, b.CallbackSecret)
			} else {
				require.Regexp(t, `^[0-9a-f]{64}$`, b.CallbackSecret, "derived from the token")
			}
			require.Equal(t, tc.amToken, b.AlertmanagerToken)
			require.NotContains(t, c.String(), b.CallbackSecret)
			require.Contains(t, c.Secrets(), b.CallbackSecret)
		})
	}
}

func TestCallbackSecretIsStable(t *testing.T) {
	a, err := Load(minimal)
	require.NoError(t, err)
	b, err := Load(minimal)
	require.NoError(t, err)
	require.Equal(t, a.Built().CallbackSecret, b.Built().CallbackSecret, "same on every replica and restart")
	require.Equal(t, time.Duration(emergency.DefaultPollInterval), time.Duration(a.Emergency.PollInterval))
	require.Equal(t, 24*time.Hour, time.Duration(a.Ledger.Retention))
}
