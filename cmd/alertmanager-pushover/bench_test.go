package main

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"sync/atomic"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// BenchmarkServe measures the serving bridge as the load test drives it:
// the App's routes (auth, decode, route, render, the bbolt ledger, the
// info logs to a discarded writer) sending one message per webhook to an
// in-process fake Pushover, with webhooks of one alert each in their own
// group, posted from several goroutines. ns/op is per webhook.
func BenchmarkServe(b *testing.B) {
	srv := pushovertest.NewServer(pushovertest.WithDemoAccount(), pushovertest.WithRealClock(), pushovertest.WithQuota(1<<30))
	b.Cleanup(srv.Close)
	dir := b.TempDir()
	cfg := filepath.Join(dir, "config.yml")
	require.NoError(b, os.WriteFile(cfg, []byte(fmt.Sprintf(`
pushover:
  token: %s
  api_url: %s
receiver:
  bearer_token: bench
recipients:
  oncall: {user_key: %s}
routes:
  - {name: everything, to: [oncall], priority: normal}
`, pushovertest.DemoToken, srv.URL, pushovertest.DemoUser)), 0o600))
	logger, err := newLogger(io.Discard, "info", "logfmt")
	require.NoError(b, err)
	app, err := NewApp(Options{ConfigFile: cfg, StoragePath: filepath.Join(dir, "data")}, logger)
	require.NoError(b, err)
	b.Cleanup(func() { _ = app.ledger.Close() })
	web := httptest.NewServer(app.Routes())
	b.Cleanup(web.Close)

	var n atomic.Int64
	b.ReportAllocs()
	b.SetParallelism(8)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			id := n.Add(1)
			body := fmt.Sprintf(`{"version":"4","receiver":"r","status":"firing","groupKey":"{}:{g=\"%d\"}",`+
				`"alerts":[{"status":"firing","labels":{"alertname":"Load","g":"%d","severity":"warning"},`+
				`"annotations":{"summary":"load test page %d"},"startsAt":"2026-11-22T10:00:00Z","fingerprint":"%x"}],`+
				`"groupLabels":{"g":"%d"},"commonLabels":{"alertname":"Load","g":"%d","severity":"warning"},`+
				`"externalURL":"http://am.example.com"}`, id, id, id, id, id, id)
			req, _ := http.NewRequest(http.MethodPost, web.URL+"/alerts", bytes.NewReader([]byte(body)))
			req.Header.Set("Authorization", "Bearer bench")
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				b.Error(err)
				return
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusOK {
				b.Errorf("HTTP %d", resp.StatusCode)
				return
			}
		}
	})
}
