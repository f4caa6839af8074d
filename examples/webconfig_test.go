package examples

import (
	"crypto/ecdsa"
	"crypto/elliptic"
	"crypto/rand"
	"crypto/x509"
	"crypto/x509/pkix"
	"encoding/pem"
	"math/big"
	"net"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/prometheus/exporter-toolkit/web"
	"github.com/stretchr/testify/require"
	"golang.org/x/crypto/bcrypt"
)

// TestWebConfig validates web-config.yml with exporter-toolkit, with a
// freshly generated certificate at the paths it names, and checks that its
// hash is the documented password's.
func TestWebConfig(t *testing.T) {
	dir := t.TempDir()
	WriteSelfSigned(t, filepath.Join(dir, "tls", "server.crt"), filepath.Join(dir, "tls", "server.key"))
	cfg := filepath.Join(dir, "web-config.yml")
	require.NoError(t, os.WriteFile(cfg, readFile(t, "web-config.yml"), 0o600))
	require.NoError(t, web.Validate(cfg))

	var c struct {
		TLS   map[string]any    `yaml:"tls_server_config"`
		Users map[string]string `yaml:"basic_auth_users"`
	}
	decodeStrict(t, readFile(t, "web-config.yml"), &c)
	require.NoError(t, bcrypt.CompareHashAndPassword([]byte(c.Users["alertmanager"]), []byte("change-me")))
}

// WriteSelfSigned writes a self-signed certificate for 127.0.0.1 and
// localhost, and its key, as PEM files.
func WriteSelfSigned(t *testing.T, certFile, keyFile string) {
	t.Helper()
	key, err := ecdsa.GenerateKey(elliptic.P256(), rand.Reader)
	require.NoError(t, err)
	tmpl := &x509.Certificate{
		SerialNumber: big.NewInt(1), Subject: pkix.Name{CommonName: "alertmanager-pushover test"},
		NotBefore: time.Now().Add(-time.Hour), NotAfter: time.Now().Add(time.Hour),
		DNSNames: []string{"localhost"}, IPAddresses: []net.IP{net.IPv4(127, 0, 0, 1)},
		KeyUsage: x509.KeyUsageDigitalSignature, ExtKeyUsage: []x509.ExtKeyUsage{x509.ExtKeyUsageServerAuth},
	}
	der, err := x509.CreateCertificate(rand.Reader, tmpl, tmpl, &key.PublicKey, key)
	require.NoError(t, err)
	kb, err := x509.MarshalECPrivateKey(key)
	require.NoError(t, err)
	require.NoError(t, os.MkdirAll(filepath.Dir(certFile), 0o700))
	require.NoError(t, os.WriteFile(certFile, pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: der}), 0o600))
	require.NoError(t, os.WriteFile(keyFile, pem.EncodeToMemory(&pem.Block{Type: "EC PRIVATE KEY", Bytes: kb}), 0o600))
}
