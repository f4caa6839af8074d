package e2e

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
// the browser tests skip, unless E2E_REQUIRED is set.
func chromiumPath(t *testing.T) string {
	t.Helper()
	for _, p := range []string{os.Getenv("CHROMIUM_BIN"), "chromium", "chromium-browser"} {
		if p == "" {
			continue
		}
		if path, err := exec.LookPath(p); err == nil {
			return path
		}
	}
	if os.Getenv("E2E_REQUIRED") != "" {
		t.Fatal("no chromium: install Debian's chromium package (make test does) or set CHROMIUM_BIN")
	}
	t.Skip("no chromium: install Debian's chromium package (make test does) or set CHROMIUM_BIN")
	return ""
}

// phone starts a headless Chromium with a fresh profile and returns a tab
// emulating a phone: 390×844 CSS pixels, touch, mobile.
func phone(t *testing.T, bin string) context.Context {
	t.Helper()
	profile := t.TempDir()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(profile))
	ctx, cancel := chromedp.NewContext(actx)
	// A guard against a hung browser, not a performance budget.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
	// Cleanups run last-in first-out: the browser exits before its
	// profile directory (registered above) is removed.
	t.Cleanup(cancelAlloc)
	t.Cleanup(cancel)
	t.Cleanup(cancelTimeout)
	require.NoError(t, chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateScale(2),
		chromedp.EmulateMobile, chromedp.EmulateTouch)))
	return ctx
}

// screenshots saves full-page screenshots in $TEST_OUTPUT_DIR/<test> or the
// test's artifact directory (kept with go test -artifacts).
type screenshots struct {
	t   *testing.T
	ctx context.Context
	dir string
}

func newScreenshots(t *testing.T, ctx context.Context) *screenshots {
	dir := t.ArtifactDir()
	if out := os.Getenv("TEST_OUTPUT_DIR"); out != "" {
		dir = filepath.Join(out, t.Name())
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	return &screenshots{t: t, ctx: ctx, dir: dir}
}

func (s *screenshots) take(name string) {
	s.t.Helper()
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	require.NoError(s.t, err)
	path := filepath.Join(s.dir, name+".png")
	require.NoError(s.t, os.WriteFile(path, png, 0o644))
	s.t.Logf("screenshot %s", path)
}

// pageText is the text of the first element css selects.
func pageText(t *testing.T, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	require.NoError(t, err)
	return s
}

// open navigates to u and returns the HTTP status of the answer.
func open(t *testing.T, ctx context.Context, u string) int64 {
	t.Helper()
	resp, err := chromedp.Run(ctx, chromedp.NavigateResponse(u))
	require.NoError(t, err)
	return resp.Status
}

// tap taps the button whose text is label and returns the HTTP status of
// the page the form leads to (after the redirect).
func tap(t *testing.T, ctx context.Context, label string) int64 {
	t.Helper()
	resp, err := chromedp.RunResponse(ctx, chromedp.Tap(`//button[normalize-space()="`+label+`"]`))
	require.NoError(t, err)
	return resp.Status
}
