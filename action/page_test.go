package action

import (
	"flag"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

var update = flag.Bool("update", false, "rewrite the golden files (and docs/action-page.png in the browser test)")

func get(t *testing.T, u string) (*http.Response, string) {
	t.Helper()
	resp, err := noRedirect.Get(u)
	require.NoError(t, err)
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return resp, string(body)
}

func golden(t *testing.T, name, got string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	if *update {
		require.NoError(t, os.MkdirAll("testdata", 0o755))
		require.NoError(t, os.WriteFile(path, []byte(got), 0o644))
	}
	want, err := os.ReadFile(path)
	require.NoError(t, err, "run with -update to create it")
	require.Equal(t, string(want), got)
}

// TestPageGolden shows a firing group with a chart, an emergency still
// ringing, a silence of the action page and one made in Alertmanager.
func TestPageGolden(t *testing.T) {
	e := newEnv(t)
	e.groups.view.HasChart = true
	ls := e.groups.view.Alerts[0].Labels
	_, err := e.svc.o.Silencer.Create(t.Context(), amclient.Silence{Matchers: amclient.ExactMatchers(ls),
		StartsAt: testNow, EndsAt: testNow.Add(time.Hour), CreatedBy: "bob", Comment: CommentPrefix + " silenced by bob for 1 h."})
	require.NoError(t, err)
	_, err = e.svc.o.Silencer.Create(t.Context(), amclient.Silence{Matchers: []amclient.Matcher{
		{Name: "cluster", Value: "prod", IsEqual: true}, {Name: "instance", Value: "db-.*", IsRegex: true, IsEqual: true}},
		StartsAt: testNow.Add(-time.Hour), EndsAt: testNow.Add(2 * time.Hour), CreatedBy: "carol", Comment: "maintenance"})
	require.NoError(t, err)
	resp, body := get(t, e.link("alice"))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	golden(t, "page.html", body)
}

func TestPageAcknowledgedResolvedNoSilencer(t *testing.T) {
	e := newEnv(t)
	e.svc.o.Silencer = nil
	v := &e.groups.view
	v.Status, v.Title, v.Alerts = StatusResolved, "[RESOLVED] DiskFull (prod)", v.Alerts[1:]
	v.Paged[0].Ringing = false
	v.Acks = []Ack{{By: "alice", At: testNow.Add(-5 * time.Minute), Via: "Pushover"}}
	resp, body := get(t, e.link("alice"))
	require.Equal(t, http.StatusOK, resp.StatusCode)
	golden(t, "page-acknowledged.html", body)
}

func TestPageEscapesLabelsAndAnnotations(t *testing.T) {
	e := newEnv(t)
	a := &e.groups.view.Alerts[0]
	a.Labels["evil"] = `"><script>alert(1)</script>`
	a.Annotations["summary"] = `<img src=x onerror=alert(1)>`
	e.groups.view.Title = `<b>bold</b>`
	_, body := get(t, e.link("alice"))
	require.NotContains(t, body, "<script>")
	require.NotContains(t, body, "<img src=x")
	require.NotContains(t, body, "<b>bold")
	require.Contains(t, body, "&lt;script&gt;alert(1)&lt;/script&gt;")
	require.Contains(t, body, "&lt;img src=x onerror=alert(1)&gt;")
}

func TestSecurityHeaders(t *testing.T) {
	e := newEnv(t)
	link := e.link("alice")
	for _, u := range []string{link, link + "/chart.png", e.srv.URL + Path + "static/action.css", link + "x", e.srv.URL + "/metrics"} {
		resp, _ := get(t, u)
		h := resp.Header
		csp := h.Get("Content-Security-Policy")
		require.Contains(t, csp, "default-src 'none'", u)
		require.Contains(t, csp, "frame-ancestors 'none'", u)
		require.NotContains(t, csp, "script-src", u)
		require.NotContains(t, csp, "unsafe-inline", u)
		require.Equal(t, "DENY", h.Get("X-Frame-Options"), u)
		require.Equal(t, "no-referrer", h.Get("Referrer-Policy"), u)
		require.Equal(t, "no-store", h.Get("Cache-Control"), u)
		require.Equal(t, "nosniff", h.Get("X-Content-Type-Options"), u)
	}
}

func TestPageHasNoScriptAndNoSecret(t *testing.T) {
	e := newEnv(t)
	_, body := get(t, e.link("alice"))
	require.NotContains(t, strings.ToLower(body), "<script")
	require.NotRegexp(t, `(?i)\son[a-z]+=`, body, "no event handler attributes")
	require.NotContains(t, body, string(testSecret))
	require.NotContains(t, body, e.am.URL, "the Alertmanager URL is not shown")
}

func TestChartAndCSS(t *testing.T) {
	e := newEnv(t)
	resp, body := get(t, e.link("alice")+"/chart.png")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Equal(t, "image/png", resp.Header.Get("Content-Type"))
	require.Equal(t, string(e.groups.chart), body)
	resp, body = get(t, e.srv.URL+Path+"static/action.css")
	require.Equal(t, http.StatusOK, resp.StatusCode)
	require.Contains(t, resp.Header.Get("Content-Type"), "text/css")
	require.Contains(t, body, "button")

	e.groups.chart = nil
	resp, _ = get(t, e.link("alice")+"/chart.png")
	require.Equal(t, http.StatusNotFound, resp.StatusCode)
}

// TestRefusals: a refused link gets a clear page and nothing of the group.
func TestRefusals(t *testing.T) {
	e := newEnv(t)
	valid := e.link("alice")
	forged := valid[:len(valid)-2] + "AA"
	expired := e.link("alice")
	e.advance(24 * time.Hour)
	unknown := e.local(e.svc.Link(NewGroupID("other", "{}"), "alice"))
	for _, tc := range []struct {
		name, url, heading string
		code               int
	}{
		{"forged", forged, "This link is not valid", http.StatusForbidden},
		{"malformed", e.srv.URL + Path + "garbage!", "This link is not valid", http.StatusForbidden},
		{"expired", expired, "This link has expired", http.StatusGone},
		{"expired chart", expired + "/chart.png", "This link has expired", http.StatusGone},
		{"unknown group", unknown, "This alert group is no longer known", http.StatusGone},
		{"elsewhere", e.srv.URL + "/alerts", "Not found", http.StatusNotFound},
	} {
		t.Run(tc.name, func(t *testing.T) {
			resp, body := get(t, tc.url)
			require.Equal(t, tc.code, resp.StatusCode)
			require.Contains(t, body, "<h1>"+tc.heading+"</h1>")
			require.NotContains(t, body, "DiskFull")
			require.NotContains(t, body, "<form")
		})
	}
	_, body := get(t, expired)
	golden(t, "refused-expired.html", body)
}
