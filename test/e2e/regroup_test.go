package e2e

import (
	"io"
	"net/http"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

// Alertmanager regroups (issue 10, item 3): its group_by changes and it
// reloads while an emergency rings, so the same alert arrives under a new
// group key. It does not page again (same fingerprint, same firing
// episode, still ringing), and when it resolves, the emergency sent under
// the old group key stops.
func TestRegroupedAlertPagesOnceAndStops(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute})
	dir := t.TempDir()
	byName := strings.Replace(alertmanagerConfig(strings.TrimPrefix(s.bridgeURL, "http://"), bridgeBearer),
		"group_by: [alertname, cluster]", "group_by: [alertname]", 1)
	cfg := writeFile(t, dir, "alertmanager.yml", byName)
	am := startAlertmanagerFile(t, proctest.FreeAddr(t), cfg)

	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	postAlerts(t, am, a)
	// Regroup only once the bridge has recorded the page: a regrouped
	// notification racing the first one's send is not what this tests.
	s.eventually(func() bool {
		return countPriority(s.fake.Messages(), 2) >= 1 &&
			s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "sent") >= 1
	}, "the page, sent and recorded")
	page := s.fake.Messages()[0]

	writeFile(t, dir, filepath.Base(cfg), strings.Replace(byName, "group_by: [alertname]", "group_by: [alertname, cluster]", 1))
	resp, err := http.Post(am+"/-/reload", "", nil)
	require.NoError(t, err)
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode, "%s", body)
	s.eventually(func() bool {
		return s.bridgeMetric("alertmanager_pushover_deliveries_total", "outcome", "still_ringing") >= 1
	}, "the regrouped alert's notification, answered still_ringing")
	require.Equal(t, 1, countPriority(s.fake.Messages(), 2), "not paged again under the new group key")

	postAlerts(t, am, resolved(a)...)
	s.eventually(func() bool { return len(s.cancelsOf(page)) >= 1 }, "the page cancelled on resolve")
	require.True(t, s.receiptOf(page).Canceled, "the emergency of the old group key stops")
	for _, m := range s.fake.Messages() {
		if m.Priority == 2 {
			require.True(t, s.receiptOf(m).Canceled, "no emergency keeps ringing")
		}
	}
}
