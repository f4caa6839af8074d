package main

import (
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	"github.com/go-kit/log"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// startWithCallback starts the bridge on storage with emergency.callback_url
// pointing at itself and Pushover at fake.
func startWithCallback(t *testing.T, fake *pushovertest.Server, storage string) *testApp {
	t.Helper()
	srv := httptest.NewUnstartedServer(nil)
	content := opsConfig(fake.URL, "team") + "emergency: {callback_url: \"http://" + srv.Listener.Addr().String() + "\"}\n"
	path := writeFile(t, "config.yml", content)
	app, err := NewApp(Options{ConfigFile: path, StoragePath: storage}, log.NewNopLogger())
	require.NoError(t, err)
	srv.Config.Handler = app.Routes()
	srv.Start()
	t.Cleanup(srv.Close)
	return &testApp{App: app, srv: srv, path: path}
}

// TestEmergencyCallbackAndRestart: an emergency carries the callback URL
// with the secret; Pushover's callback records the acknowledgement; a
// wrong secret is refused; after a restart on the same storage the
// acknowledgement is still known, so the resolve cancels nothing (before
// the ledger was asked, it cancelled by tag whatever the state).
func TestEmergencyCallbackAndRestart(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	storage := t.TempDir()
	a := startWithCallback(t, fake, storage)
	code, body := a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code, body)
	require.FileExists(t, filepath.Join(storage, ledger.FileName))
	receipts := fake.Receipts()
	require.Len(t, receipts, 1)
	r := receipts[0]
	secret := a.config.Load().Built().CallbackSecret
	require.Equal(t, a.srv.URL+"/pushover/callback/"+secret, r.Callback)

	code, _ = a.do(t, "POST", "/pushover/callback/not-the-secret", []byte(url.Values{"receipt": {r.ID}, "acknowledged": {"1"}}.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	require.Equal(t, 403, code)
	require.NoError(t, fake.Ack(r.ID, userKey, "phone")) // Pushover calls back
	require.Equal(t, 1.0, testutil.ToFloat64(a.metrics.emergency.Acknowledged.WithLabelValues("page-oncall")))
	e, ok, _ := a.ledger.Emergency(t.Context(), r.ID)
	require.True(t, ok)
	require.Equal(t, "oncall", e.Ack.By)
	require.Equal(t, 0.0, testutil.ToFloat64(a.metrics.ledger.Outstanding))

	// Restart on the same storage.
	require.NoError(t, a.ledger.Close())
	b := startWithCallback(t, fake, storage)
	e, ok, _ = b.ledger.Emergency(t.Context(), r.ID)
	require.True(t, ok, "the emergency survived the restart")
	require.Equal(t, "oncall", e.Ack.By)
	code, body = b.post(t, "04-all-resolved.json")
	require.Equal(t, 200, code, body)
	var cancels []string
	for _, req := range fake.Requests() {
		if req.Endpoint == "cancel" || req.Endpoint == "cancel_by_tag" {
			cancels = append(cancels, req.Path)
		}
	}
	require.Empty(t, cancels, "the ledger kept the acknowledgement: nothing rings, nothing to cancel")
	require.NoError(t, b.ledger.Close())
	_, err := os.Stat(filepath.Join(storage, ledger.FileName))
	require.NoError(t, err)
}
