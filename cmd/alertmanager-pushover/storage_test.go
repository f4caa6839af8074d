package main

import (
	"bytes"
	"net/http/httptest"
	"os"
	"testing"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestDryRunDoesNotPoisonTheLiveLedger (new-user trial, finding 2; issue 10
// item 7): a dry
// run and then a live run on the same --storage.path; the live run pages,
// although the dry run "delivered" the same webhook.
func TestDryRunDoesNotPoisonTheLiveLedger(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	storage := t.TempDir()
	path := writeFile(t, "config.yml", opsConfig(fake.URL, "team"))
	body, err := os.ReadFile(payloads + "01-firing-first.json")
	require.NoError(t, err)
	post := func(app *App) string {
		srv := httptest.NewServer(app.Routes())
		defer srv.Close()
		req := httptest.NewRequest("POST", srv.URL+"/alerts", bytes.NewReader(body))
		req.RequestURI = ""
		req.Header.Set("Authorization", "Bearer "+bearer)
		resp, err := srv.Client().Do(req)
		require.NoError(t, err)
		defer resp.Body.Close()
		var b bytes.Buffer
		_, _ = b.ReadFrom(resp.Body)
		require.Equal(t, 200, resp.StatusCode, b.String())
		return b.String()
	}

	dry, err := NewApp(Options{ConfigFile: path, StoragePath: storage, DryRun: true}, log.NewNopLogger())
	require.NoError(t, err)
	require.Contains(t, post(dry), `"outcome":"dry_run"`)
	require.NoError(t, dry.ledger.Close())
	require.Empty(t, fake.Messages())

	live, err := NewApp(Options{ConfigFile: path, StoragePath: storage}, log.NewNopLogger())
	require.NoError(t, err)
	t.Cleanup(func() { _ = live.ledger.Close() })
	answer := post(live)
	require.NotContains(t, answer, "deduplicated")
	require.NotContains(t, answer, "still_ringing")
	require.Len(t, fake.Messages(), 2, "the live run pages the on-call person and tells the team")
}

// TestRequireDurable: with --storage.require-durable the bridge refuses to
// start when the ledger would be in memory (a path that cannot be a
// directory, or none), and starts on a good path.
func TestRequireDurable(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	path := writeFile(t, "config.yml", opsConfig(fake.URL, "team"))
	notADir := writeFile(t, "file", "x")
	for _, storage := range []string{notADir, ""} {
		_, err := NewApp(Options{ConfigFile: path, StoragePath: storage, RequireDurable: true}, log.NewNopLogger())
		require.ErrorIs(t, err, errNotDurable, "storage %q", storage)
	}
	app, err := NewApp(Options{ConfigFile: path, StoragePath: t.TempDir(), RequireDurable: true}, log.NewNopLogger())
	require.NoError(t, err)
	require.NoError(t, app.ledger.Close())
	code, _, errOut := runCLI(t, "serve", "--config.file="+path, "--storage.path=", "--storage.require-durable",
		"--web.listen-address=127.0.0.1:0")
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "--storage.require-durable: the ledger is not on disk")
}
