package amclient_test

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient/amclienttest"
)

// TestRealAlertmanager creates, finds, extends and expires a silence in a
// real Alertmanager, and counts its firing alerts.
func TestRealAlertmanager(t *testing.T) {
	url := amclienttest.StartReal(t)
	c, err := amclient.New(url, "", nil, 5*time.Second)
	require.NoError(t, err)
	ctx := context.Background()
	now := time.Now()
	id, err := c.Create(ctx, newSilence(now, time.Hour))
	require.NoError(t, err)

	got, err := c.Silences(ctx, amclient.ExactMatchers(map[string]string{"instance": "db-1:9100"}))
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, id, got[0].ID)
	require.True(t, got[0].Active())
	require.Equal(t, "alice", got[0].CreatedBy)
	require.True(t, amclient.SameMatchers(amclient.ExactMatchers(alertLabels), got[0].Matchers), "%+v", got[0].Matchers)
	none, err := c.Silences(ctx, amclient.ExactMatchers(map[string]string{"instance": "db-2:9100"}))
	require.NoError(t, err)
	require.Empty(t, none)

	got[0].EndsAt = now.Add(4 * time.Hour)
	id2, err := c.Create(ctx, got[0])
	require.NoError(t, err)
	require.Equal(t, id, id2, "extending an active silence keeps its ID")

	require.NoError(t, c.Expire(ctx, id))
	got, err = c.Silences(ctx, nil)
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, amclient.StateExpired, got[0].Status.State)
	require.ErrorIs(t, c.Expire(ctx, "00000000-0000-0000-0000-000000000000"), amclient.ErrNotFound)

	postAlert(t, url, alertLabels)
	n, err := c.FiringAlerts(ctx, amclient.ExactMatchers(alertLabels))
	require.NoError(t, err)
	require.Equal(t, 1, n)
	n, err = c.FiringAlerts(ctx, amclient.ExactMatchers(map[string]string{"alertname": "Other"}))
	require.NoError(t, err)
	require.Zero(t, n)
}

// TestRealAlertmanagerActiveAlerts: a silenced alert still fires but no
// longer pages.
func TestRealAlertmanagerActiveAlerts(t *testing.T) {
	url := amclienttest.StartReal(t)
	c, err := amclient.New(url, "", nil, 5*time.Second)
	require.NoError(t, err)
	ctx := context.Background()
	postAlert(t, url, alertLabels)
	n, err := c.ActiveAlerts(ctx, amclient.ExactMatchers(alertLabels))
	require.NoError(t, err)
	require.Equal(t, 1, n, "firing and not silenced: it pages")
	_, err = c.Create(ctx, newSilence(time.Now(), time.Hour))
	require.NoError(t, err)
	n, err = c.ActiveAlerts(ctx, amclient.ExactMatchers(alertLabels))
	require.NoError(t, err)
	require.Zero(t, n, "silenced: it no longer pages")
	n, err = c.FiringAlerts(ctx, amclient.ExactMatchers(alertLabels))
	require.NoError(t, err)
	require.Equal(t, 1, n, "it still fires")
}

func postAlert(t *testing.T, url string, labels map[string]string) {
	t.Helper()
	body, err := json.Marshal([]map[string]any{{"labels": labels, "startsAt": time.Now()}})
	require.NoError(t, err)
	resp, err := http.Post(url+"/api/v2/alerts", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusOK, resp.StatusCode)
}
