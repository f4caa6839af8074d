// Package browsertest holds what the tests that drive a real headless
// Chromium share: finding the binary, a phone-sized tab, screenshots and
// reading a page's text. It imports chromedp and is imported only by
// _test.go files, so the production binary does not link chromedp.
package browsertest

import (
	"context"
	"os"
	"os/exec"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// ChromiumPath returns Debian's chromium ($CHROMIUM_BIN first); without it,
// and in -short mode, the browser test skips, unless E2E_REQUIRED is set.
func ChromiumPath(t testing.TB) string {
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
		t.Fatal("no chromium: install Debian's chromium package (make test does) or set CHROMIUM_BIN")
	}
	t.Skip("no chromium: install Debian's chromium package (make test does) or set CHROMIUM_BIN")
	return ""
}

// Phone starts the headless Chromium bin with a fresh profile and returns
// a tab emulating a phone: 390×844 CSS pixels, touch, mobile. The browser
// exits and its profile is removed when the test ends.
func Phone(t testing.TB, bin string) context.Context {
	t.Helper()
	profile, err := os.MkdirTemp("", "chromium-profile-")
	require.NoError(t, err)
	t.Cleanup(func() { removeProfile(profile) })
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), chromedp.ExecPath(bin),
		chromedp.Headless, chromedp.NoSandbox, chromedp.DisableGPU, chromedp.NoFirstRun, chromedp.NoDefaultBrowserCheck,
		chromedp.Flag("disable-quic", true), chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true), chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-dev-shm-usage", true), chromedp.UserDataDir(profile))
	// Cleanups run last-in first-out: the browser exits before its
	// profile (registered above) is removed.
	t.Cleanup(cancelAlloc)
	ctx, cancel := chromedp.NewContext(actx)
	t.Cleanup(cancel)
	// A guard against a hung browser, not a performance budget.
	ctx, cancelTimeout := context.WithTimeout(ctx, 3*time.Minute)
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

// Text is the text of the first element css selects.
func Text(t testing.TB, ctx context.Context, css string) string {
	t.Helper()
	s, err := chromedp.Run(ctx, chromedp.Text(chromedp.CSS(css)))
	require.NoError(t, err)
	return s
}
