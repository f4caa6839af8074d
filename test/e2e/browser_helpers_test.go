package e2e

import (
	"context"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

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
