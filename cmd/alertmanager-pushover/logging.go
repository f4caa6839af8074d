package main

import (
	"fmt"
	"io"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
)

// Log formats and levels accepted by --log.format and --log.level.
var (
	logFormats = []string{"logfmt", "json"}
	logLevels  = []string{"debug", "info", "warn", "error"}
)

// newLogger returns a leveled go-kit logger writing to w in format.
func newLogger(w io.Writer, lvl, format string) (log.Logger, error) {
	var l log.Logger
	sw := log.NewSyncWriter(w)
	switch format {
	case "logfmt":
		l = log.NewLogfmtLogger(sw)
	case "json":
		l = log.NewJSONLogger(sw)
	default:
		return nil, fmt.Errorf("unknown log format %q", format)
	}
	v, err := level.Parse(lvl)
	if err != nil {
		return nil, fmt.Errorf("log level %q: %w", lvl, err)
	}
	l = level.NewFilter(l, level.Allow(v))
	return log.With(l, "ts", log.DefaultTimestampUTC, "caller", log.DefaultCaller), nil
}
