package templates

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"
)

// testdataDirs hold real Alertmanager webhooks (testdata/ at the repository root).
var testdataDirs = []string{
	"../testdata/alertmanager-0.34.2",
	"../testdata/alertmanager-0.31.1",
}

// testClock is the fixed "now" of the golden files.
var testClock = time.Date(2026, 11, 22, 11, 12, 0, 0, time.UTC)

// webhook is the part of Alertmanager's webhook body beyond template.Data.
type webhook struct {
	*template.Data
	Version         string `json:"version"`
	GroupKey        string `json:"groupKey"`
	TruncatedAlerts int    `json:"truncatedAlerts"`
}

// payloadFiles lists the captured payloads as (name, path), name like "0.34.2-01-firing-first".
func payloadFiles(tb testing.TB) [][2]string {
	tb.Helper()
	var out [][2]string
	for _, dir := range testdataDirs {
		files, err := filepath.Glob(filepath.Join(dir, "*.json"))
		require.NoError(tb, err)
		require.NotEmpty(tb, files, "no payloads in %s", dir)
		version := strings.TrimPrefix(filepath.Base(dir), "alertmanager-")
		for _, f := range files {
			out = append(out, [2]string{version + "-" + strings.TrimSuffix(filepath.Base(f), ".json"), f})
		}
	}
	return out
}

// readPayload decodes a webhook body into Data.
func readPayload(tb testing.TB, path string) *Data {
	tb.Helper()
	b, err := os.ReadFile(path)
	require.NoError(tb, err)
	d, err := decodePayload(b)
	require.NoError(tb, err)
	return d
}

func decodePayload(b []byte) (*Data, error) {
	var w webhook
	if err := json.Unmarshal(b, &w); err != nil {
		return nil, err
	}
	if w.Data == nil {
		w.Data = &template.Data{}
	}
	return &Data{Data: w.Data, GroupKey: w.GroupKey, TruncatedAlerts: w.TruncatedAlerts, Route: "default", Recipient: "oncall", Priority: "high"}, nil
}

// newTestTemplates returns the default templates with the fixed clock.
func newTestTemplates(tb testing.TB, globs ...string) *Templates {
	tb.Helper()
	tm, err := New(globs)
	require.NoError(tb, err)
	return tm.WithClock(func() time.Time { return testClock })
}
