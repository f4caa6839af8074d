package main

import (
	"bufio"
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"os"
	"os/exec"
	"regexp"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/proctest"
)

var binaries proctest.Builder

// TestBinary builds fakegroupme as the Makefile would, runs it as a
// separate process, and drives it as an end-to-end test would: the real
// client posts a picture and text, faults are injected over the control
// API, and the posts are read back.
func TestBinary(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the binary; skipped in -short mode")
	}
	bin := binaries.Build(t, "fakegroupme", "./groupme/groupmetest/cmd/fakegroupme")
	root := startBinary(t, bin, "--listen=127.0.0.1:0", "--bot=dbroom:77", "--access-token=e2etoken")
	ctx := context.Background()
	ctl := &groupmetest.Control{BaseURL: root}
	c, err := groupme.NewClient(groupme.WithAPIURL(root+"/v3/"), groupme.WithImageURL(root+"/image/"),
		groupme.WithAccessToken("e2etoken"))
	require.NoError(t, err)

	require.NoError(t, ctl.Inject(ctx, groupmetest.Fault{Kind: groupmetest.Fault503, Endpoint: groupmetest.EndpointPost}))
	n := groupme.Notification{Title: "FIRING 1 · DiskFull", Text: "disk full on db-1", PNG: pngBytes(t)}
	_, err = c.Notify(ctx, "dbroom", n)
	require.ErrorIs(t, err, groupme.ErrTemporary)
	res, err := c.Notify(ctx, "dbroom", n) // Alertmanager's retry
	require.NoError(t, err)
	require.NoError(t, res.PictureErr)

	posts, err := ctl.Posts(ctx)
	require.NoError(t, err)
	require.Len(t, posts, 1, "the refused attempt posted nothing")
	require.Equal(t, "77", posts[0].GroupID)
	require.Equal(t, "FIRING 1 · DiskFull\n\ndisk full on db-1", posts[0].Text)
	require.Regexp(t, `^`+regexp.QuoteMeta(root)+`/i/2x2\.png\.`, posts[0].PictureURL)
}

// startBinary starts bin and returns the root URL it prints.
func startBinary(t *testing.T, bin string, args ...string) string {
	t.Helper()
	out := &proctest.Buffer{}
	pr, pw := io.Pipe()
	cmd := exec.Command(bin, args...)
	cmd.Stdout, cmd.Stderr = io.MultiWriter(out, pw), out
	require.NoError(t, cmd.Start())
	done := make(chan struct{})
	go func() { _ = cmd.Wait(); _ = pw.Close(); close(done) }()
	t.Cleanup(func() {
		_ = cmd.Process.Signal(os.Interrupt)
		<-done
		if t.Failed() {
			t.Logf("fakegroupme output:\n%s", out.String())
		}
	})
	urls := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(pr)
		for sc.Scan() {
			if m := regexp.MustCompile(`^listening on (http://\S+)$`).FindStringSubmatch(sc.Text()); m != nil {
				urls <- m[1]
			}
		}
	}()
	select {
	case u := <-urls:
		return u
	case <-done:
		t.Fatalf("fakegroupme exited: %s", out.String())
	case <-time.After(30 * time.Second):
		t.Fatalf("fakegroupme did not start: %s", out.String())
	}
	return ""
}

func pngBytes(t *testing.T) []byte {
	var b bytes.Buffer
	require.NoError(t, png.Encode(&b, image.NewGray(image.Rect(0, 0, 2, 2))))
	return b.Bytes()
}
