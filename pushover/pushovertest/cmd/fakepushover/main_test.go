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

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func TestFlagsDefaults(t *testing.T) {
	o, err := parseFlags(nil, io.Discard)
	require.NoError(t, err)
	require.Equal(t, &options{listen: "127.0.0.1:8089", demo: true, quota: 10000}, o)
	o, err = parseFlags([]string{"--listen=:0", "--latency=100ms", "--no-demo", "--quota=5"}, io.Discard)
	require.NoError(t, err)
	require.Equal(t, &options{listen: ":0", latency: 100 * time.Millisecond, quota: 5}, o)
	_, err = parseFlags([]string{"--bogus"}, io.Discard)
	require.Error(t, err)
}

// TestRun starts the program, waits for its "listening on" line, drives it
// through the control API and stops it with SIGTERM.
func TestRun(t *testing.T) {
	pr, pw := io.Pipe()
	exit := make(chan int, 1)
	go func() { exit <- run([]string{"--listen=127.0.0.1:0", "--quota=7"}, pw, io.Discard) }()
	line, err := bufio.NewReader(pr).ReadString('\n')
	require.NoError(t, err)
	require.Regexp(t, `^listening on http://127\.0\.0\.1:\d+\n$`, line)
	go func() { _, _ = io.Copy(io.Discard, pr) }()
	c := &pushovertest.Control{BaseURL: strings.TrimSpace(strings.TrimPrefix(line, "listening on "))}
	stats, err := c.Stats(context.Background())
	require.NoError(t, err)
	require.Equal(t, 7, stats.QuotaLimit)
	require.NoError(t, syscall.Kill(syscall.Getpid(), syscall.SIGTERM))
	require.Equal(t, 0, <-exit)
}

func TestRunBadListen(t *testing.T) {
	require.Equal(t, 1, run([]string{"--listen=256.0.0.1:1"}, io.Discard, io.Discard))
	require.Equal(t, 2, run([]string{"--nope"}, io.Discard, io.Discard))
}
