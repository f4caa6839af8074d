package main

import (
	"bufio"
	"context"
	"io"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestFlags(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.Equal(t, &options{listen: "127.0.0.1:8090", demo: true, rateWindow: time.Minute}, o)
	o, err = parseFlags([]string{"--listen=:0", "--no-demo", "--bot=abc:9", "--bot=def", "--access-token=tok",
		"--rate-limit=3", "--rate-window=1h", "--latency=5ms"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, &options{listen: ":0", latency: 5 * time.Millisecond, bots: []string{"abc:9", "def"},
		tokens: []string{"tok"}, rateLimit: 3, rateWindow: time.Hour}, o)
	_, err = parseFlags([]string{"--bogus"}, io.Discard)
	require.Error(t, err)
}

// TestRun starts the program, posts through the real client, reads the post
// back through the control API and stops it with SIGTERM.
func TestRun(t *testing.T) {
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() {
		exit <- run([]string{"--listen=127.0.0.1:0", "--bot=room1:42", "--rate-limit=1", "--rate-window=1h"}, pw, io.Discard)
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	require.Regexp(t, `^listening on http://127\.0\.0\.1:\d+\n$`, line)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	root := strings.TrimSpace(strings.TrimPrefix(line, "listening on "))

	c, err := groupme.NewClient(groupme.WithAPIURL(root + "/v3/"))
	require.NoError(t, err)
	ctx := context.Background()
	require.NoError(t, c.Post(ctx, groupme.Message{BotID: "room1", Text: "hello"}))
	require.ErrorIs(t, c.Post(ctx, groupme.Message{BotID: "room1", Text: "again"}), groupme.ErrRateLimited)
	require.NoError(t, c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: "demo"}))
	posts, err := (&groupmetest.Control{BaseURL: root}).Posts(ctx)
	require.NoError(t, err)
	require.Len(t, posts, 2)
	require.Equal(t, "42", posts[0].GroupID)

	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGTERM))
	require.Equal(t, 0, <-exit)
}

func TestRunBadListen(t *testing.T) {
	require.Equal(t, 1, run([]string{"--listen=256.0.0.1:1"}, io.Discard, io.Discard))
	require.Equal(t, 2, run([]string{"--nope"}, io.Discard, io.Discard))
}
