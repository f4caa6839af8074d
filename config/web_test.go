package config

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/action"
)

// TestWebSection: web.external_url and the link secret (inline, from a
// file relative to the configuration, or derived from the app token);
// errors name the field; a configured secret is redacted.
func TestWebSection(t *testing.T) {
	dir := t.TempDir()
	require.NoError(t, os.WriteFile(filepath.Join(dir, "link"), []byte("a-link-secret-from-a-file\n"), 0o600))
	derived, err := (&action.Config{}).Secret(token)
	require.NoError(t, err)
	for _, tc := range []struct {
		name, yaml, err, secret string
	}{
		{name: "absent", yaml: minimal, secret: string(derived)},
		{name: "derived", yaml: minimal + `web: {external_url: "https://bridge.example.org/pushover"}`, secret: string(derived)},
		{name: "file", yaml: minimal + `web: {external_url: "https://bridge.example.org", link_secret_file: link}`,
			secret: "a-link-secret-from-a-file"},
		{name: "inline", yaml: minimal + `web: {link_secret: 0123456789abcdef}`, secret: "0123456789abcdef"},
		{name: "relative url", yaml: minimal + `web: {external_url: /bridge}`, err: "web: external_url: invalid value"},
		{name: "credentials in url", yaml: minimal + `web: {external_url: "https://u:p@bridge"}`, err: "external_url"},
		{name: "short secret", yaml: minimal + `web: {link_secret: short}`, err: "link_secret: invalid value: must be at least 16"},
		{name: "two secrets", yaml: minimal + `web: {link_secret: 0123456789abcdef, link_secret_file: link}`, err: "at most one"},
		{name: "missing file", yaml: minimal + `web: {link_secret_file: nope}`, err: "web: link_secret_file"},
		{name: "unknown key", yaml: minimal + `web: {external: x}`, err: "external"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := filepath.Join(dir, "config.yml")
			require.NoError(t, os.WriteFile(f, []byte(tc.yaml), 0o600))
			c, err := LoadFile(f)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.secret, string(c.Built().LinkSecret))
			if tc.name == "file" || tc.name == "inline" {
				require.Contains(t, c.Secrets(), tc.secret)
				require.NotContains(t, c.String(), tc.secret)
			}
		})
	}
}
