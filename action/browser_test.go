package action

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/browsertest"
)

// TestBrowser drives a real headless Chromium at a phone's size: the page
// shows the alert and fits the screen; tapping Acknowledge calls the
// acknowledger and the page shows who acknowledged; tapping Silence 1 h
// creates the silence; a forged and an expired link are refused.
func TestBrowser(t *testing.T) {
	ctx := browsertest.Phone(t, browsertest.ChromiumPath(t))
	e := newEnv(t)
	e.groups.view.HasChart = true
	e.groups.chart = chartPNG(t)
	shot := browsertest.NewShots(t, ctx)
	link := e.link("alice")

	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(link))
	require.NoError(t, err)
	require.EqualValues(t, 200, resp.Status)
	require.Equal(t, "[FIRING:2] DiskFull (prod)", browsertest.Text(t, ctx, "h1"))
	require.Contains(t, browsertest.Text(t, ctx, "article.alert-firing"), "Disk /var is 97% full")
	requireFitsPhone(t, ctx)
	shot.Take("1-page")

	resp, err = chromedp.RunResponse(ctx, chromedp.Tap(chromedp.CSS("button.primary")))
	require.NoError(t, err)
	require.EqualValues(t, 200, resp.Status)
	require.Equal(t, []string{"alice"}, e.groups.ackCalls())
	require.Contains(t, browsertest.Text(t, ctx, `p[role="status"]`), "Acknowledged")
	require.Contains(t, browsertest.Text(t, ctx, `section[aria-labelledby="h-people"]`), "Acknowledged by alice")
	shot.Take("2-acknowledged")

	_, err = chromedp.RunResponse(ctx, chromedp.Tap(`//button[normalize-space()="Silence 1 h"]`))
	require.NoError(t, err)
	require.Equal(t, "Silenced for 1 hour.", browsertest.Text(t, ctx, `p[role="status"]`))
	require.Len(t, e.am.Silences(), 1)
	require.Equal(t, "alice", e.am.Silences()[0].CreatedBy)
	require.Contains(t, browsertest.Text(t, ctx, `section[aria-labelledby="h-silences"]`), "by alice from an action page")
	shot.Take("3-silenced")
	if *update { // the README's picture: the first screen of a phone
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join("..", "docs"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "action-page.png"), png, 0o644))
	}

	requireRefused(t, ctx, link[:len(link)-3]+"AAA", 403, "This link is not valid")
	shot.Take("4-forged")
	e.advance(24 * time.Hour)
	requireRefused(t, ctx, link, 410, "This link has expired")
	shot.Take("5-expired")
}

func requireRefused(t *testing.T, ctx context.Context, u string, code int64, heading string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	require.NoError(t, err)
	require.Equal(t, code, resp.Status)
	require.Equal(t, heading, browsertest.Text(t, ctx, "h1"))
	body := browsertest.Text(t, ctx, "body")
	require.NotContains(t, body, "DiskFull")
	n, err := chromedp.Run(ctx, chromedp.Evaluate[int]("document.forms.length"))
	require.NoError(t, err)
	require.Zero(t, n)
}

// requireFitsPhone: no sideways scrolling, the style sheet applied despite
// the CSP, and buttons at least 44 CSS pixels tall.
func requireFitsPhone(t *testing.T, ctx context.Context) {
	t.Helper()
	fits, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.documentElement.scrollWidth <= window.innerWidth"))
	require.NoError(t, err)
	require.True(t, fits, "the page scrolls sideways on a phone")
	h, err := chromedp.Run(ctx, chromedp.Evaluate[float64](
		"Math.min(...[...document.querySelectorAll('button')].map(b => b.getBoundingClientRect().height))"))
	require.NoError(t, err)
	require.GreaterOrEqual(t, h, 44.0, "tap targets")
	img, err := chromedp.Run(ctx, chromedp.Evaluate[bool]("document.querySelector('img.chart').naturalWidth > 0"))
	require.NoError(t, err)
	require.True(t, img, "the chart loads under the CSP")
}
