package e2e

import (
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// A reload that renames the route, renames the recipient or lowers the
// route's priority while an emergency rings does not forget it (issue 10,
// item 2): the resolve cancels what was sent, by its receipt, and the
// bridge reports what Pushover cancelled.
func TestCancelAfterReloadFollowsWhatWasSent(t *testing.T) {
	t.Parallel()
	for _, tc := range []struct {
		name string
		edit func(string) string
	}{
		{"route renamed", func(s string) string { return strings.Replace(s, "name: page-oncall", "name: page-primary", 1) }},
		{"recipient renamed", func(s string) string {
			s = strings.Replace(s, "  oncall:\n", "  primary:\n", 1)
			return strings.Replace(s, "to: [oncall]", "to: [primary]", 1)
		}},
		{"priority lowered", func(s string) string { return strings.Replace(s, "priority: emergency", "priority: high", 1) }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			s := newStack(t, stackOptions{routes: pageRoute})
			a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
			page := s.fireEmergency(a)

			cfg, err := os.ReadFile(filepath.Join(s.dir, "bridge.yml"))
			require.NoError(t, err)
			edited := tc.edit(string(cfg))
			require.NotEqual(t, string(cfg), edited)
			writeFile(t, s.dir, "bridge.yml", edited)
			resp, err := http.Post(s.bridgeURL+"/-/reload", "", nil)
			require.NoError(t, err)
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)

			s.post(resolved(a)...)
			s.eventually(func() bool { return len(s.cancelsOf(page)) >= 1 }, "the page cancelled")
			require.True(t, s.receiptOf(page).Canceled, "the phone stopped ringing")
			require.Empty(t, s.requests("cancel_by_tag"), "by the receipt the ledger recorded")
			require.True(t, s.bridgeLogged(`msg="emergencies cancelled" route=page-oncall recipient=oncall by=receipt.* cancelled=1`),
				"logged with the names it was sent under, and Pushover's count")
			require.Equal(t, 1.0, s.bridgeMetric("alertmanager_pushover_emergency_cancellations_total", "outcome", "ok"))
		})
	}
}
