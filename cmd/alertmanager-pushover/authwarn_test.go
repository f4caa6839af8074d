package main

import (
	"os"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExposedWithoutAuth(t *testing.T) {
	for _, tc := range []struct {
		name             string
		addrs            []string
		webConfig, token string
		want             []string
	}{
		{"all interfaces, no auth", []string{":9095"}, "", "", []string{":9095"}},
		{"loopback only", []string{"127.0.0.1:9095", "[::1]:9095", "localhost:9095"}, "", "", nil},
		{"a public address", []string{"127.0.0.1:9095", "10.0.0.5:9095"}, "", "", []string{"10.0.0.5:9095"}},
		{"bearer token", []string{":9095"}, "", "t", nil},
		{"web config", []string{":9095"}, "web.yml", "", nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, exposedWithoutAuth(tc.addrs, tc.webConfig, tc.token))
		})
	}
}

// TestServeRefusesAMissingCertificate: examples/web-config.yml without its
// certificate fails at start-up, before listening.
func TestServeRefusesAMissingCertificate(t *testing.T) {
	text, err := os.ReadFile("../../examples/web-config.yml")
	require.NoError(t, err)
	webConfig := writeFile(t, "web-config.yml", string(text)) // without tls/ beside it
	code, _, errOut := runCLI(t, "serve", "--config.file="+exampleConfig, "--web.listen-address=127.0.0.1:0",
		"--web.config.file="+webConfig, "--storage.path=")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "invalid web configuration")
	require.Contains(t, errOut, "tls/server.crt")
	require.NotContains(t, errOut, "Listening on")
}
