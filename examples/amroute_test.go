package examples

import (
	"testing"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// TestAlertmanagerRoutesTheBridgesOwnAlertsElsewhere routes the alerts of
// alerts.yml through alertmanager.yml's child routes as Alertmanager does
// (first match, else the root's receiver; matchers parsed by Alertmanager's
// parser): the bridge's own alerts never go through the bridge, everything
// else does.
func TestAlertmanagerRoutesTheBridgesOwnAlertsElsewhere(t *testing.T) {
	var c amConfig
	decodeStrict(t, readFile(t, "alertmanager.yml"), &c)
	receiverOf := func(lset model.LabelSet) string {
		for _, r := range c.Route.Routes {
			ms, err := routing.ParseMatchers(r.Matchers)
			require.NoError(t, err)
			if ms.Matches(lset) {
				return r.Receiver
			}
		}
		return c.Route.Receiver
	}
	var rules ruleFile
	decodeStrict(t, readFile(t, "alerts.yml"), &rules)
	for _, g := range rules.Groups {
		for _, rule := range g.Rules {
			lset := model.LabelSet{"alertname": model.LabelValue(rule.Alert), "instance": "bridge:9095"}
			for k, v := range rule.Labels {
				lset[model.LabelName(k)] = model.LabelValue(v)
			}
			require.Equal(t, "bridge-health", receiverOf(lset), rule.Alert)
		}
	}
	require.Equal(t, "pushover", receiverOf(model.LabelSet{"alertname": "DemoAlwaysFiring", "severity": "critical"}))
}
