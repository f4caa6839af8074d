package browsertest

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/stretchr/testify/require"
)

// Shots saves full-page screenshots in $TEST_OUTPUT_DIR/<test> or the
// test's artifact directory (kept with go test -artifacts).
type Shots struct {
	t   *testing.T
	ctx context.Context
	dir string
}

// NewShots saves screenshots of the tab ctx.
func NewShots(t *testing.T, ctx context.Context) *Shots {
	dir := t.ArtifactDir()
	if out := os.Getenv("TEST_OUTPUT_DIR"); out != "" {
		dir = filepath.Join(out, t.Name())
		require.NoError(t, os.MkdirAll(dir, 0o755))
	}
	return &Shots{t: t, ctx: ctx, dir: dir}
}

// Take saves a screenshot as name.png.
func (s *Shots) Take(name string) {
	s.t.Helper()
	png, err := chromedp.Run(s.ctx, chromedp.FullScreenshot(100))
	require.NoError(s.t, err)
	path := filepath.Join(s.dir, name+".png")
	require.NoError(s.t, os.WriteFile(path, png, 0o644))
	s.t.Logf("screenshot %s", path)
}
