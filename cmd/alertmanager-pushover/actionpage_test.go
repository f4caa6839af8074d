package main

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"sync"
	"testing"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

const externalURL = "https://bridge.example.org/amp"

var ackTokenRE = regexp.MustCompile(`name="action" value="ack"><input type="hidden" name="token" value="([^"]+)"`)

// TestActionPageWiring: with web.external_url, each message links to its
// group's action page for its recipient; the page (on the main listener,
// without --web.action-listen-address) shows the group from the ledger;
// Acknowledge cancels the receipt at Pushover and records the
// acknowledgement as the link's recipient, which the page and the status
// page show. Without alertmanager.url there are no silence buttons.
func TestActionPageWiring(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	a := newTestApp(t, opsConfig(fake.URL, "team")+"web: {external_url: "+externalURL+"}\n",
		Options{StoragePath: t.TempDir()})
	code, body := a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code, body)
	msgs := fake.Messages()
	require.Len(t, msgs, 2)
	for _, m := range msgs {
		require.True(t, strings.HasPrefix(m.Params["url"], externalURL+"/action/"), m.Params["url"])
		require.Equal(t, "Acknowledge or silence", m.Params["url_title"])
	}
	require.NotEqual(t, msgs[0].Params["url"], msgs[1].Params["url"], "one link per recipient")
	page := msgs[0] // the emergency: the two deliveries go out concurrently
	if page.Priority != 2 {
		page = msgs[1]
	}
	require.Equal(t, 2, page.Priority)
	link := a.srv.URL + strings.TrimPrefix(page.Params["url"], externalURL)

	code, body = a.do(t, "GET", strings.TrimPrefix(link, a.srv.URL), nil)
	require.Equal(t, 200, code)
	for _, want := range []string{"[FIRING:2] HighLatency (prod-eu)", "api-1:9090", "api-2:9090",
		"oncall (emergency)", "still ringing", "You act as <strong>oncall</strong>"} {
		require.Contains(t, body, want)
	}
	require.NotContains(t, body, "Silence 1 h", "no alertmanager.url: no silence buttons")
	tok := ackTokenRE.FindStringSubmatch(body)
	require.NotNil(t, tok, "the Acknowledge form")

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	resp, err := client.PostForm(link, url.Values{"action": {"ack"}, "token": {tok[1]}})
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusSeeOther, resp.StatusCode)
	rc, ok := fake.Receipt(page.Receipt)
	require.True(t, ok)
	require.True(t, rc.Canceled, "the phone stops ringing")
	e, _, err := a.ledger.Emergency(context.Background(), page.Receipt)
	require.NoError(t, err)
	require.Equal(t, "oncall", e.Ack.By)
	require.Equal(t, emergency.ViaActionPage, e.Ack.Via)

	_, body = a.do(t, "GET", strings.TrimPrefix(link, a.srv.URL), nil)
	require.Contains(t, body, "Acknowledged by oncall")
	_, status := a.do(t, "GET", "/", nil)
	require.Contains(t, status, "Actions from the action page")
	require.Regexp(t, `<td>oncall</td><td>ack</td><td>done</td>`, status)
	require.Contains(t, status, "acknowledged by oncall via the action page at ")
}

// TestActionListenerServesOnlyThePage: with --web.action-listen-address the
// page is on its own listener, which serves nothing else, and not on the
// main one.
func TestActionListenerServesOnlyThePage(t *testing.T) {
	a := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team")+"web: {external_url: "+externalURL+"}\n",
		Options{DryRun: true, ActionListenAddress: "127.0.0.1:0"})
	code, _ := a.do(t, "GET", "/action/static/action.css", nil)
	require.Equal(t, 404, code, "not on the main listener")
	require.NotNil(t, a.actionServer)
	srv := httptest.NewServer(a.actionServer.Handler)
	t.Cleanup(srv.Close)
	for path, want := range map[string]int{"/action/static/action.css": 200, "/metrics": 404, "/": 404, "/alerts": 404} {
		resp, err := http.Get(srv.URL + path)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, want, resp.StatusCode, path)
	}
}

// TestNoActionPageWithoutExternalURL: messages keep their own links.
func TestNoActionPageWithoutExternalURL(t *testing.T) {
	a := newTestApp(t, opsConfig("https://api.pushover.net/1/", "team"), Options{DryRun: true, ActionListenAddress: "127.0.0.1:0"})
	require.Nil(t, a.actions)
	require.Nil(t, a.actionServer)
	code, _ := a.do(t, "GET", "/action/static/action.css", nil)
	require.Equal(t, 404, code)
}

func TestGroupSnapshot(t *testing.T) {
	m := loadMessage(t, "03-some-resolved.json")
	g := groupSnapshot(m)
	require.Equal(t, "[FIRING:1] HighLatency (prod-eu)", g.Title)
	require.Equal(t, m.Receiver, g.Receiver)
	require.Len(t, g.Alerts, 2)
	require.Equal(t, m.Alerts[0].GeneratorURL, g.Alerts[0].GeneratorURL, "for a chart")
	require.NotEmpty(t, g.Alerts[0].GeneratorURL)
	for _, al := range g.Alerts {
		if al.Status == "firing" {
			require.True(t, al.EndsAt.IsZero(), "a firing alert's endsAt is only a timeout")
		} else {
			require.False(t, al.EndsAt.IsZero())
		}
	}
	m.Status = "resolved"
	m.GroupLabels = nil
	require.Equal(t, "[RESOLVED:2] HighLatency", groupTitle(m))
}

func loadMessage(t *testing.T, name string) *webhook.Message {
	t.Helper()
	f, err := os.Open(payloads + name)
	require.NoError(t, err)
	defer f.Close()
	m, err := webhook.Decode(f)
	require.NoError(t, err)
	return m
}

// TestReloadChangingTheWebSectionWarns: the action page is built at start;
// a reload that changes what it is built from says it needs a restart, and
// one that does not stays quiet.
func TestReloadChangingTheWebSectionWarns(t *testing.T) {
	var buf syncBuffer
	cfg := opsConfig("https://api.pushover.net/1/", "team")
	path := writeFile(t, "config.yml", cfg+"web: {external_url: "+externalURL+"}\n")
	a, err := NewApp(Options{ConfigFile: path, DryRun: true}, log.NewLogfmtLogger(&buf))
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.ledger.Close() })
	require.NoError(t, os.WriteFile(path, []byte(cfg+"web: {external_url: "+externalURL+"}\n"), 0o600))
	require.NoError(t, a.Reload())
	require.NotContains(t, buf.String(), "after a restart")
	require.NoError(t, os.WriteFile(path, []byte(cfg+"web: {external_url: https://elsewhere.example.org}\n"), 0o600))
	require.NoError(t, a.Reload())
	require.Contains(t, buf.String(), "applies to the action page after a restart")
}

// TestReloadChangingTheLedgerWarns: the ledger is opened at start; a reload
// that changes its section says it needs a restart.
func TestReloadChangingTheLedgerWarns(t *testing.T) {
	var buf syncBuffer
	cfg := opsConfig("https://api.pushover.net/1/", "team")
	path := writeFile(t, "config.yml", cfg)
	a, err := NewApp(Options{ConfigFile: path, DryRun: true}, log.NewLogfmtLogger(&buf))
	require.NoError(t, err)
	t.Cleanup(func() { _ = a.ledger.Close() })
	require.NoError(t, a.Reload())
	require.NotContains(t, buf.String(), "ledger section applies after a restart")
	require.NoError(t, os.WriteFile(path, []byte(cfg+"ledger: {retention: 72h}\n"), 0o600))
	require.NoError(t, a.Reload())
	require.Contains(t, buf.String(), "a changed ledger section applies after a restart")
}

// syncBuffer is a bytes.Buffer safe for the logger's concurrent writes.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}
