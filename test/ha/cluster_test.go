package ha

import (
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// await bounds what Alertmanager and the bridges should do within a few
// group intervals and a retry or two.
const await = 30 * time.Second

// TestAlertmanagerPairToTwoReplicas: two Alertmanagers in one gossip
// cluster notify through a round-robin proxy two bridge replicas sharing
// one Redis. Every page goes out exactly once; an emergency resolved
// through the replica that did not send it is cancelled (one cancel); an
// acknowledgement that Pushover calls back to one replica is on both
// status pages.
func TestAlertmanagerPairToTwoReplicas(t *testing.T) {
	proctest.AlertmanagerBinary(t) // skips before building anything
	c := newCluster(t)
	ams := startAlertmanagerPair(t, alertmanagerConfig(c.proxy.url))

	names := []string{"HaCritA", "HaCritB", "HaWarn1", "HaWarn2", "HaWarn3"}
	alerts := map[string]amAlert{}
	var all []amAlert
	for _, n := range names {
		sev := "warning"
		if strings.HasPrefix(n, "HaCrit") {
			sev = "critical"
		}
		alerts[n] = alert(n, sev)
		all = append(all, alerts[n])
	}
	postAlerts(t, ams, all...)
	require.Eventually(t, func() bool { return len(c.firing()) == len(names) }, await, 50*time.Millisecond,
		"a page for each group; the fake saw:\n%s", c.describe())
	pageA, pageB := c.firing()["HaCritA"], c.firing()["HaCritB"]
	require.Equal(t, "2", pageA.Params["priority"])
	require.NotEmpty(t, pageA.Receipt)

	c.requireAckOnBothPages(pageB)
	c.requireCancelThroughOtherReplica(ams, alerts["HaCritA"], pageA)

	// Every retry and HA duplicate has been answered by now (the
	// resolve above took several group intervals): still once each.
	require.Eventually(t, func() bool { return c.proxy.served[0].Load() > 0 && c.proxy.served[1].Load() > 0 },
		await, 50*time.Millisecond, "both replicas took requests")
	counts := c.countByAlert()
	for _, n := range names {
		require.Equal(t, 1, counts[n], "%s paged once; the fake saw:\n%s", n, c.describe())
	}
	require.Equal(t, 1, counts["HaCritA/resolved"], "one resolved message")
	require.Zero(t, c.fake.Stats().DuplicateMessages)
	t.Logf("proxy: replica 0 took %d requests, replica 1 %d; deduplicated by the shared ledger: %v and %v",
		c.proxy.served[0].Load(), c.proxy.served[1].Load(),
		c.replicas[0].metric("alertmanager_pushover_deliveries_total", "outcome", "deduplicated"),
		c.replicas[1].metric("alertmanager_pushover_deliveries_total", "outcome", "deduplicated"))
	c.requireNoSecret()
}

// requireAckOnBothPages acknowledges page on the fake, which calls the
// bridge back through the proxy (one replica); both status pages show it.
func (c *cluster) requireAckOnBothPages(page pushovertest.Message) {
	c.t.Helper()
	require.NoError(c.t, c.fake.Ack(page.Receipt, pushovertest.DemoUser, "phone"))
	rc, ok := c.fake.Receipt(page.Receipt)
	require.True(c.t, ok)
	require.True(c.t, rc.CalledBack, "the fake called a replica back")
	took := -1
	for i, b := range c.replicas {
		if b.logged(`emergency acknowledged.* source=callback`) {
			took = i
		}
	}
	require.NotEqual(c.t, -1, took, "a replica logged the callback")
	for i, b := range c.replicas {
		require.Eventually(c.t, func() bool {
			_, body := b.get("/")
			return strings.Contains(body, "acknowledged by oncall on phone")
		}, await, 50*time.Millisecond, "replica %d's status page shows the acknowledgement", i)
	}
	c.t.Logf("the callback reached replica %d; both status pages show the acknowledgement", took)
}

// requireCancelThroughOtherReplica resolves a's alert while the proxy
// sends everything to the replica that did not send its emergency: that
// replica cancels the other's emergency by its receipt, once.
func (c *cluster) requireCancelThroughOtherReplica(ams [2]string, a amAlert, page pushovertest.Message) {
	c.t.Helper()
	sender := -1
	for i, b := range c.replicas {
		if b.metric("alertmanager_pushover_deliveries_total", "route", "page-a", "outcome", "sent") == 1 {
			sender = i
		}
	}
	require.NotEqual(c.t, -1, sender, "one replica sent the emergency")
	other := 1 - sender
	c.proxy.pin(other)
	defer c.proxy.unpin()
	postAlerts(c.t, ams, resolvedNow(a))
	require.Eventually(c.t, func() bool {
		rc, ok := c.fake.Receipt(page.Receipt)
		return ok && rc.Canceled
	}, await, 50*time.Millisecond, "the emergency is cancelled; the fake saw:\n%s", c.describe())
	require.Eventually(c.t, func() bool { return c.countByAlert()["HaCritA/resolved"] == 1 }, await, 50*time.Millisecond,
		"the resolved message")
	require.Len(c.t, c.cancels(), 1, "one cancel; the fake saw:\n%s", c.describe())
	require.Equal(c.t, 1.0, c.replicas[other].metric("alertmanager_pushover_emergency_cancellations_total", "outcome", "ok"),
		"the replica that did not send it cancelled it")
	c.t.Logf("replica %d sent the emergency, replica %d cancelled it", sender, other)
}

// firing returns the accepted firing messages (not resolved) by alert name.
func (c *cluster) firing() map[string]pushovertest.Message {
	out := map[string]pushovertest.Message{}
	for _, m := range c.fake.Messages() {
		if n := alertName(m); n != "" && m.Params["priority"] != "-1" {
			out[n] = m
		}
	}
	return out
}

// countByAlert counts the accepted messages by alert name, resolved ones
// as "name/resolved".
func (c *cluster) countByAlert() map[string]int {
	out := map[string]int{}
	for _, m := range c.fake.Messages() {
		n := alertName(m)
		if m.Params["priority"] == "-1" {
			n += "/resolved"
		}
		out[n]++
	}
	return out
}

// alertName is the HaCrit*/HaWarn* alert a message is about.
func alertName(m pushovertest.Message) string {
	for _, f := range strings.FieldsFunc(m.Params["title"]+" "+m.Params["message"], func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9')
	}) {
		if strings.HasPrefix(f, "HaCrit") || strings.HasPrefix(f, "HaWarn") {
			return f
		}
	}
	return ""
}

// cancels returns the successful cancel requests, by receipt or by tag.
func (c *cluster) cancels() []pushovertest.Request {
	var out []pushovertest.Request
	for _, r := range c.fake.Requests() {
		if (r.Endpoint == "cancel" || r.Endpoint == "cancel_by_tag") && r.Status == http.StatusOK {
			out = append(out, r)
		}
	}
	return out
}
