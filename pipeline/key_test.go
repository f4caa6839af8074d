package pipeline

import (
	"bytes"
	"os"
	"path/filepath"
	"testing"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

func loadPayload(t testing.TB, name string) *webhook.Message {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("../testdata/alertmanager-0.34.2", name))
	require.NoError(t, err)
	m, err := webhook.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return m
}

func TestDeliveryKey(t *testing.T) {
	m := loadPayload(t, "01-firing-first.json")
	k := DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "oncall", m.Alerts)
	reversed := template.Alerts{m.Alerts[1], m.Alerts[0]}
	require.Equal(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "oncall", reversed), "order does not matter")
	require.NotEqual(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "team", m.Alerts))
	require.NotEqual(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "other", "oncall", m.Alerts))
	require.NotEqual(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "oncall", m.Alerts[:1]))
	partial := loadPayload(t, "03-some-resolved.json")
	require.NotEqual(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "oncall", partial.Alerts), "statuses count")
	require.NotEqual(t, k, DeliveryKey("http://other-am:9093", m.Receiver, m.GroupKey, "page", "oncall", m.Alerts),
		"another Alertmanager cluster")
	repeat := loadPayload(t, "02-firing-repeat.json")
	require.Equal(t, k, DeliveryKey(m.ExternalURL, m.Receiver, m.GroupKey, "page", "oncall", repeat.Alerts), "a repeat is the same page")
}

func TestActionNames(t *testing.T) {
	require.Equal(t, "send", Send.String())
	require.Equal(t, "skip", Skip.String())
	require.Equal(t, "still_ringing", HoldRinging.String())
}
