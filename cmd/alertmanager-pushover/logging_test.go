package main

import (
	"bytes"
	"regexp"
	"testing"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/stretchr/testify/require"
)

// TestLogKeyOrder: the bridge's own lines, a component's, and those of
// libraries logging with slog (exporter-toolkit) have their keys in one
// order: level, ts, caller, component, msg.
func TestLogKeyOrder(t *testing.T) {
	var b bytes.Buffer
	base, err := newBaseLogger(&b, "debug", "logfmt")
	require.NoError(t, err)
	logger := log.With(base, "ts", log.DefaultTimestampUTC, "caller", log.DefaultCaller)
	order := regexp.MustCompile(`^level=\w+ ts=\S+ caller=\S+ (component=\w+ )?msg=`)

	_ = level.Info(logger).Log("msg", "plain")
	_ = level.Info(log.With(logger, "component", "reload")).Log("msg", "reloading the configuration")
	newSlogger(base, "web").Info("Listening on", "address", "127.0.0.1:9095")
	lines := bytes.Split(bytes.TrimSpace(b.Bytes()), []byte("\n"))
	require.Len(t, lines, 3)
	for _, l := range lines {
		require.Regexp(t, order, string(l))
	}
	require.Contains(t, string(lines[2]), "component=web msg=\"Listening on\" address=127.0.0.1:9095")
}
