package e2e

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// Two Alertmanager clusters (each its own external URL) feed one bridge
// with the same group (issue 10, item 1). Each cluster's alert pages; when
// cluster A's alert resolves, only A's emergency stops: B's, for an alert
// still firing there, rings on. (cancel_by_tag acts on every message of
// the app token: the bridge cancels A's receipt, and the tags differ.)
func TestTwoClustersDoNotCancelEachOther(t *testing.T) {
	t.Parallel()
	s := newStack(t, stackOptions{routes: pageRoute, amArgs: []string{"--web.external-url=http://am-a.e2e.example.com/"}})
	b := startAlertmanagerAt(t, proctest.FreeAddr(t),
		amConfig(strings.TrimPrefix(s.bridgeURL, "http://"), stackOptions{amBearer: bridgeBearer}),
		"--web.external-url=http://am-b.e2e.example.com/")
	a := alert("alertname", "DiskFull", "cluster", "e2e", "severity", "critical")
	s.post(a)
	postAlerts(t, b, a)
	s.eventually(func() bool { return countPriority(s.fake.Messages(), 2) >= 2 }, "one page per cluster")
	pages := s.fake.Messages()
	require.Len(t, pages, 2)
	require.NotEqual(t, pages[0].Params["tags"], pages[1].Params["tags"], "tags are scoped to the source")
	pageOf := map[string]pushovertest.Message{}
	for _, p := range pages {
		switch {
		case strings.Contains(p.Params["url"], "am-a.e2e.example.com"):
			pageOf["a"] = p
		case strings.Contains(p.Params["url"], "am-b.e2e.example.com"):
			pageOf["b"] = p
		}
	}
	require.Len(t, pageOf, 2, "each page links its own Alertmanager")

	s.post(resolved(a)...) // cluster A only
	s.eventually(func() bool {
		return len(s.cancelsOf(pageOf["a"])) >= 1 && countPriority(s.fake.Messages(), -1) >= 1
	}, "A's emergency cancelled and its resolved message sent")
	require.True(t, s.receiptOf(pageOf["a"]).Canceled)
	require.False(t, s.receiptOf(pageOf["b"]).Canceled, "B's alert still fires: its emergency rings on")
	require.Empty(t, s.requests("cancel_by_tag"), "by receipt: the ledger knows")
	require.Len(t, s.cancels(), 1)
}
