package amclienttest

import (
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// realConfig routes every alert to a receiver that sends nothing.
const realConfig = "route:\n  receiver: none\nreceivers:\n  - name: none\n"

// StartReal runs the real, single-node Alertmanager named by
// $ALERTMANAGER_BIN (`make test` installs it) and returns its URL; it is
// stopped when the test ends. Without the binary the test is skipped,
// unless E2E_REQUIRED is set, and in -short mode.
func StartReal(t *testing.T) string {
	t.Helper()
	bin := realBinary(t)
	dir := t.TempDir()
	cfg := filepath.Join(dir, "alertmanager.yml")
	if err := os.WriteFile(cfg, []byte(realConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	addr := proctest.FreeAddr(t)
	var out proctest.Buffer
	cmd := exec.Command(bin, "--config.file="+cfg, "--storage.path="+filepath.Join(dir, "data"),
		"--web.listen-address="+addr, "--cluster.listen-address=")
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() { _ = cmd.Wait(); close(exited) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		select {
		case <-exited:
		case <-time.After(10 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("--- alertmanager output ---\n%s", out.String())
		}
	})
	proctest.WaitReady(t, "http://"+addr+"/-/ready", exited)
	return "http://" + addr
}

func realBinary(t *testing.T) string {
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
