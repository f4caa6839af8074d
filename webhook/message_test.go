package webhook

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

const payloadDir = "../testdata"

func loadPayload(t testing.TB, name string) *Message {
	t.Helper()
	if !strings.Contains(name, "/") {
		name = "alertmanager-0.34.2/" + name
	}
	b, err := os.ReadFile(filepath.Join(payloadDir, name))
	require.NoError(t, err)
	m, err := Decode(bytes.NewReader(b))
	require.NoError(t, err)
	return m
}

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

// TestDecodeErrors: every refusal says in JSON's words what is wrong, and
// never names a Go type.
func TestDecodeErrors(t *testing.T) {
	alert := `{"status":"firing","labels":{"a":"b"}}`
	for _, tc := range []struct {
		name, body, want string
		version          bool // wraps ErrUnsupportedVersion
	}{
		{"empty object", `{}`, "missing required fields: version, status, alerts", false},
		{"only version", `{"version":"4"}`, "missing required fields: status, alerts", false},
		{"null alerts", `{"version":"4","status":"firing","alerts":null}`, "missing required fields: alerts", false},
		{"array", `[1]`, "the body must be a JSON object, got an array", false},
		{"null", `null`, "the body must be a JSON object, got null", false},
		{"string", `"x"`, "the body must be a JSON object, got a string", false},
		{"syntax", `{"version":`, "malformed JSON", false},
		{"empty body", ``, "the body is empty", false},
		{"label value a number", `{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"a":1}}]}`, "alerts.labels must be a string, got a number", false},
		{"numeric version", `{"version":4,"status":"firing","alerts":[` + alert + `]}`, `version must be the string "4", got 4`, true},
		{"version 3", `{"version":"3","status":"firing","alerts":[` + alert + `]}`, `version "3" is not supported: want "4"`, true},
		{"no alerts", `{"version":"4","status":"firing","alerts":[]}`, "alerts is empty", false},
		{"bad status", `{"version":"4","status":"burning","alerts":[` + alert + `]}`, `status "burning" is not firing or resolved`, false},
		{"bad alert status", `{"version":"4","status":"firing","alerts":[{"status":"x"}]}`, `alerts[0].status "x" is not firing or resolved`, false},
		{"labels a number", `{"version":"4","status":"firing","alerts":[{"status":"firing","labels":3}]}`, "alerts.labels must be an object, got a number", false},
		{"alerts an object", `{"version":"4","status":"firing","alerts":{}}`, "alerts must be an array, got an object", false},
		{"truncated a string", `{"version":"4","status":"firing","alerts":[` + alert + `],"truncatedAlerts":"2"}`, "truncatedAlerts must be a whole number, got a string", false},
		{"bad time", `{"version":"4","status":"firing","alerts":[{"status":"firing","startsAt":"yesterday"}]}`, "not an RFC 3339 string", false},
		{"negative truncated", `{"version":"4","status":"firing","alerts":[` + alert + `],"truncatedAlerts":-1}`, "truncatedAlerts is negative", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(strings.NewReader(tc.body))
			var de *DecodeError
			require.ErrorAs(t, err, &de)
			require.Contains(t, err.Error(), tc.want)
			require.NotRegexp(t, `Go (struct|value)|template\.|\bint\b|map\[|\[\]`, err.Error())
			require.Equal(t, tc.version, errors.Is(err, ErrUnsupportedVersion))
		})
	}
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
	f.Add([]byte(`{}`))
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
	})
}
