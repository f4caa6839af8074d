package amclienttest

import (
	"os"
	"path/filepath"
	"testing"

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
	bin := proctest.AlertmanagerBinary(t)
	cfg := filepath.Join(t.TempDir(), "alertmanager.yml")
	if err := os.WriteFile(cfg, []byte(realConfig), 0o600); err != nil {
		t.Fatal(err)
	}
	return proctest.StartAlertmanager(t, bin, proctest.FreeAddr(t), cfg)
}
