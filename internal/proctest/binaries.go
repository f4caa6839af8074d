package proctest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
)

// AlertmanagerBinary returns the real Alertmanager that `make test`
// installed ($ALERTMANAGER_BIN). Without it, and in -short mode, the test
// skips, unless E2E_REQUIRED is set, where it fails.
func AlertmanagerBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real Alertmanager test skipped in -short mode")
	}
	path := os.Getenv("ALERTMANAGER_BIN")
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatalf("ALERTMANAGER_BIN=%q is not an Alertmanager binary; run the tests with `make test`", path)
	}
	t.Skip("no Alertmanager binary: run `make test` (it installs one) or set ALERTMANAGER_BIN")
	return ""
}

// PrometheusBinary returns the real Prometheus: $PROMETHEUS_BIN, else the
// one on PATH (Debian's package, which `make test` installs). Without one,
// and in -short mode, the test skips, unless E2E_REQUIRED is set.
func PrometheusBinary(t testing.TB) string {
	t.Helper()
	if testing.Short() {
		t.Skip("real Prometheus test skipped in -short mode")
	}
	path := os.Getenv("PROMETHEUS_BIN")
	if path == "" {
		path, _ = exec.LookPath("prometheus")
	}
	if path != "" {
		if _, err := os.Stat(path); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatalf("no prometheus binary (PROMETHEUS_BIN=%q, none on PATH); `make test` installs Debian's package", path)
	}
	t.Skip("no prometheus binary: install Debian's prometheus package or set PROMETHEUS_BIN")
	return ""
}

// StartAlertmanager runs the real Alertmanager bin as a single node (no
// cluster) on addr with the configuration file cfg and extra flags (such
// as --web.external-url), until the test ends, and returns its URL once it
// is ready.
func StartAlertmanager(t testing.TB, bin, addr, cfg string, extra ...string) (url string) {
	t.Helper()
	p := Start(t, bin, append([]string{
		"--config.file=" + cfg,
		"--storage.path=" + filepath.Join(t.TempDir(), "data"),
		"--web.listen-address=" + addr,
		"--cluster.listen-address=",
	}, extra...)...)
	url = "http://" + addr
	WaitReady(t, url+"/-/ready", p.Done())
	return url
}

// StartPrometheus runs the real Prometheus bin on addr with the
// configuration file cfg and extra flags, until the test ends, and
// returns the process once Prometheus is ready. Its data is in a
// temporary directory.
func StartPrometheus(t testing.TB, bin, addr, cfg string, extra ...string) *Process {
	t.Helper()
	p := Start(t, bin, append([]string{
		"--config.file=" + cfg,
		"--storage.tsdb.path=" + filepath.Join(t.TempDir(), "data"),
		"--web.listen-address=" + addr,
	}, extra...)...)
	WaitReady(t, "http://"+addr+"/-/ready", p.Done())
	return p
}
