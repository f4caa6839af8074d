package receiver

import (
	"bytes"
	"os"
	"path/filepath"
	"regexp"
	"testing"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

func TestDecodeSharedPayloads(t *testing.T) {
	files, err := filepath.Glob(filepath.Join(payloadDir, "*", "*.json"))
	require.NoError(t, err)
	require.Len(t, files, 8)
	for _, file := range files {
		t.Run(filepath.Base(filepath.Dir(file))+"/"+filepath.Base(file), func(t *testing.T) {
			b, err := os.ReadFile(file)
			require.NoError(t, err)
			m, err := Decode(bytes.NewReader(b))
			require.NoError(t, err)
			require.Regexp(t, "^pushover-", m.Receiver)
			require.NotEmpty(t, m.GroupKey)
			require.NotEmpty(t, m.Alerts)
		})
	}
	m := loadPayload(t, "06-storm-truncated.json")
	require.Equal(t, 275, m.TruncatedAlerts)
	require.Equal(t, "first notification", m.NotificationReason)
	old := loadPayload(t, "alertmanager-0.31.1/01-firing.json")
	require.Empty(t, old.NotificationReason)
	require.Nil(t, old.RouteLabels)
}

func TestDeliveryKey(t *testing.T) {
	m := loadPayload(t, "01-firing-first.json")
	k := DeliveryKey(m.Receiver, m.GroupKey, "page", "oncall", m.Alerts)
	reversed := template.Alerts{m.Alerts[1], m.Alerts[0]}
	require.Equal(t, k, DeliveryKey(m.Receiver, m.GroupKey, "page", "oncall", reversed), "order does not matter")
	require.NotEqual(t, k, DeliveryKey(m.Receiver, m.GroupKey, "page", "team", m.Alerts))
	require.NotEqual(t, k, DeliveryKey(m.Receiver, m.GroupKey, "other", "oncall", m.Alerts))
	require.NotEqual(t, k, DeliveryKey(m.Receiver, m.GroupKey, "page", "oncall", m.Alerts[:1]))
	partial := loadPayload(t, "03-some-resolved.json")
	require.NotEqual(t, k, DeliveryKey(m.Receiver, m.GroupKey, "page", "oncall", partial.Alerts), "statuses count")
	repeat := loadPayload(t, "02-firing-repeat.json")
	require.Equal(t, k, DeliveryKey(m.Receiver, m.GroupKey, "page", "oncall", repeat.Alerts), "a repeat is the same page")
}

func TestEmergencyTag(t *testing.T) {
	tag := EmergencyTag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "oncall")
	require.Regexp(t, regexp.MustCompile(`^amp-[0-9a-f]{24}$`), tag)
	require.Equal(t, tag, EmergencyTag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "oncall"))
	require.NotEqual(t, tag, EmergencyTag("pushover-bridge", `{}:{alertname="HighLatency"}`, "page", "team"))
	require.NotEqual(t, tag, EmergencyTag("other", `{}:{alertname="HighLatency"}`, "page", "oncall"))
}

func FuzzDecode(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(payloadDir, "*", "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Add([]byte(`{"version":"4","status":"firing","alerts":[{"status":"firing"}]}`))
	f.Add([]byte(`null`))
	f.Fuzz(func(t *testing.T, b []byte) {
		m, err := Decode(bytes.NewReader(b))
		if err != nil {
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			return
		}
		require.Equal(t, SupportedVersion, m.Version)
		require.NotEmpty(t, m.Alerts)
		for _, a := range m.Alerts {
			require.Contains(t, []string{"firing", "resolved"}, a.Status)
		}
		_ = DeliveryKey(m.Receiver, m.GroupKey, "r", "p", m.Alerts)
	})
}
