package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestTemplate: a captured webhook made unique keeps everything else and
// gets the page id in its group key, group and common labels and every
// alert, and the webhook's number in every fingerprint.
func TestTemplate(t *testing.T) {
	tmpl, err := loadTemplate(filepath.Join("..", "testdata", "storm-25-alerts.json"))
	require.NoError(t, err)
	var orig, got map[string]any
	raw, err := os.ReadFile(filepath.Join("..", "testdata", "storm-25-alerts.json"))
	require.NoError(t, err)
	require.NoError(t, json.Unmarshal(raw, &orig))
	require.NoError(t, json.Unmarshal(fillTemplate(tmpl, "lg-x-7", 7), &got))

	require.Equal(t, orig["groupKey"].(string)+"/lg-x-7", got["groupKey"])
	require.Equal(t, "lg-x-7", got["groupLabels"].(map[string]any)["group"])
	require.Equal(t, "lg-x-7", got["commonLabels"].(map[string]any)["group"])
	require.Equal(t, orig["truncatedAlerts"], got["truncatedAlerts"])
	alerts := got["alerts"].([]any)
	require.Len(t, alerts, 25)
	for i, a := range alerts {
		al := a.(map[string]any)
		require.Equal(t, "lg-x-7", al["labels"].(map[string]any)["group"])
		require.Equal(t, string(appendHex8([]byte("00000007"), uint32(i))), al["fingerprint"])
		o := orig["alerts"].([]any)[i].(map[string]any)
		require.Equal(t, o["annotations"], al["annotations"])
		require.Equal(t, o["labels"].(map[string]any)["instance"], al["labels"].(map[string]any)["instance"])
	}
}

func TestTemplateErrors(t *testing.T) {
	dir := t.TempDir()
	for name, body := range map[string]string{
		"not-json.json":  "{",
		"no-alerts.json": `{"groupKey":"x","alerts":[]}`,
		"no-key.json":    `{"alerts":[{}]}`,
		"bad-alert.json": `{"groupKey":"x","alerts":[1]}`,
	} {
		p := filepath.Join(dir, name)
		require.NoError(t, os.WriteFile(p, []byte(body), 0o600))
		_, err := loadTemplate(p)
		require.Error(t, err, name)
	}
	_, err := loadTemplate(filepath.Join(dir, "missing.json"))
	require.ErrorIs(t, err, os.ErrNotExist)
}

func TestParseStatCPU(t *testing.T) {
	for _, tc := range []struct {
		stat string
		want time.Duration
	}{
		{"1234 (alertmanager-pu) S 1 1234 1234 0 -1 4194560 100 0 0 0 250 75 0 0 20 0 8 0 1 0", 3250 * time.Millisecond},
		{"7 (a) b (c)) R 1 2 3 4 5 6 7 8 9 10 11 12 0 0 0", 230 * time.Millisecond},
		{"garbage", 0},
		{"1 (x) S 1 2", 0},
	} {
		require.Equal(t, tc.want, parseStatCPU(tc.stat), tc.stat)
	}
	require.Greater(t, procCPU(os.Getpid()), time.Duration(-1))
	require.Zero(t, procCPU(0))
}

// TestCheckPages: a page to two recipients is once each; the same page
// twice to one recipient is doubled; a page nobody got is missing.
func TestCheckPages(t *testing.T) {
	lg := &loadgen{o: options{run: "r1"}}
	msg := func(id string, users ...string) pushovertest.Message {
		return pushovertest.Message{Title: "FIRING · " + id, Users: users}
	}
	msgs := []pushovertest.Message{
		msg("lg-r1-0", "oncall"), msg("lg-r1-0", "team"),
		msg("lg-r1-1", "team"), msg("lg-r1-1", "team"),
		msg("lg-other-2", "team"),
	}
	require.Equal(t, pages{distinct: 2, missing: 1, doubled: 1}, lg.checkPages(msgs, 3))
	require.True(t, strings.HasPrefix(lg.pageID(3), "lg-r1-"))
}

func TestValidSeverity(t *testing.T) {
	require.True(t, validSeverity("critical"))
	require.True(t, validSeverity("P1_high-2"))
	require.False(t, validSeverity(`a"b`))
	require.False(t, validSeverity("a b"))
}

// TestEmergencyAccepted: the emergency is the priority-2 message naming the
// page; the team's copy of the same page does not count.
func TestEmergencyAccepted(t *testing.T) {
	t0 := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	msgs := []pushovertest.Message{
		{Title: "FIRING · lg-r-1000", Priority: 1, Time: t0},
		{Title: "FIRING · lg-r-10", Priority: 2, Time: t0.Add(time.Second)},
		{Title: "FIRING · lg-r-1000", Priority: 2, Time: t0.Add(2 * time.Second)},
	}
	at, ok := emergencyAccepted(msgs, "lg-r-1000")
	require.True(t, ok)
	require.Equal(t, t0.Add(2*time.Second), at)
	_, ok = emergencyAccepted(msgs, "lg-r-1001")
	require.False(t, ok)
	_, ok = emergencyAccepted(msgs, "lg-r-100") // a prefix of lg-r-1000
	require.False(t, ok)
}
