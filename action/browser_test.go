package action

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// chromiumPath returns Debian's chromium ($CHROMIUM_BIN first); without it
// the browser test is skipped, unless E2E_REQUIRED is set.
func chromiumPath(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser test skipped in -short mode")
	}
	for _, p := range []string{os.Getenv("CHROMIUM_BIN"), "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatal("no chromium: install Debian's chromium package or set CHROMIUM_BIN")
	}
	t.Skip("no chromium: install Debian's chromium package or set CHROMIUM_BIN")
	return ""
}

// startBrowser starts a headless Chromium with a fresh profile and returns
// a tab emulating a phone (390×844 CSS pixels, touch, mobile).
func startBrowser(t *testing.T) context.Context {
	t.Helper()
	bin := chromiumPath(t)
	profile, err := os.MkdirTemp("", "action-chromium-")
	require.NoError(t, err)
	t.Cleanup(func() { removeProfile(profile) })
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(profile))
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// A guard against a hung browser, not a performance budget.
	ctx, cancelTimeout := context.WithTimeout(ctx, 2*time.Minute)
	t.Cleanup(cancelTimeout)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2),
		chromedp.EmulateMobile, chromedp.EmulateTouch)))
	return ctx
}

// removeProfile removes the profile; Chromium's helper processes may still
// write to it for a moment after the browser exits.
func removeProfile(dir string) {
	for range 20 {
		if os.RemoveAll(dir) == nil {
			return
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// shots saves screenshots in $TEST_OUTPUT_DIR/<test> or the test's
// artifact directory (kept with go test -artifacts).
type shots struct {
	t   *testing.T
	ctx context.Context
	dir string
}

func newShots(t *testing.T, ctx context.Context) *shots {
	dir := t.ArtifactDir()
	if out := os.Getenv("TEST_OUTPUT_DIR"); out != "" {
		dir = filepath.Join(out, t.Name())
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	return &shots{t: t, ctx: ctx, dir: dir}
}

func (s *shots) take(name string) {
	s.t.Helper()
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	require.NoError(s.t, err)
	require.NoError(s.t, os.WriteFile(filepath.Join(s.dir, name+".png"), png, 0o644))
	s.t.Logf("screenshot %s", filepath.Join(s.dir, name+".png"))
}

func text(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	require.NoError(t, err)
	return s
}

// TestBrowser drives a real headless Chromium at a phone's size: the page
// shows the alert and fits the screen; tapping Acknowledge calls the
// acknowledger and the page shows who acknowledged; tapping Silence 1 h
// creates the silence; a forged and an expired link are refused.
func TestBrowser(t *testing.T) {
	ctx := startBrowser(t)
	e := newEnv(t)
	e.groups.view.HasChart = true
	e.groups.chart = chartPNG(t)
	shot := newShots(t, ctx)
	link := e.link("alice")

	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(link))
	require.NoError(t, err)
	require.EqualValues(t, 200, resp.Status)
	require.Equal(t, "[FIRING:2] DiskFull (prod)", text(t, ctx, "h1"))
	require.Contains(t, text(t, ctx, "article.alert-firing"), "Disk /var is 97% full")
	requireFitsPhone(t, ctx)
	shot.take("1-page")

	resp, err = chromedp.RunResponse(ctx, chromedp.Tap(chromedp.CSS("button.primary")))
	require.NoError(t, err)
	require.EqualValues(t, 200, resp.Status)
	require.Equal(t, []string{"alice"}, e.groups.ackCalls())
	require.Contains(t, text(t, ctx, `p[role="status"]`), "Acknowledged")
	require.Contains(t, text(t, ctx, `section[aria-labelledby="h-people"]`), "Acknowledged by alice")
	shot.take("2-acknowledged")

	_, err = chromedp.RunResponse(ctx, chromedp.Tap(`//button[normalize-space()="Silence 1 h"]`))
	require.NoError(t, err)
	require.Equal(t, "Silenced for 1 hour.", text(t, ctx, `p[role="status"]`))
	require.Len(t, e.am.Silences(), 1)
	require.Equal(t, "alice", e.am.Silences()[0].CreatedBy)
	require.Contains(t, text(t, ctx, `section[aria-labelledby="h-silences"]`), "by alice from an action page")
	shot.take("3-silenced")
	if *update { // the README's picture: the first screen of a phone
		png, err := chromedp.Run(ctx, chromedp.CaptureScreenshot())
		require.NoError(t, err)
		require.NoError(t, os.MkdirAll(filepath.Join("..", "docs"), 0o755))
		require.NoError(t, os.WriteFile(filepath.Join("..", "docs", "action-page.png"), png, 0o644))
	}

	requireRefused(t, ctx, link[:len(link)-3]+"AAA", 403, "This link is not valid")
	shot.take("4-forged")
	e.advance(24 * time.Hour)
	requireRefused(t, ctx, link, 410, "This link has expired")
	shot.take("5-expired")
}

func requireRefused(t *testing.T, ctx context.Context, u string, code int64, heading string) {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	require.NoError(t, err)
	require.Equal(t, code, resp.Status)
	require.Equal(t, heading, text(t, ctx, "h1"))
	body := text(t, ctx, "body")
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
