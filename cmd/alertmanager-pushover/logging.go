package main

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	sloggokit "github.com/tjhop/slog-gokit"
)

// Log formats and levels accepted by --log.format and --log.level.
var (
	logFormats = []string{"logfmt", "json"}
	logLevels  = []string{"debug", "info", "warn", "error"}
)

// newLogger returns a leveled go-kit logger writing to w in format, each
// line stamped with ts and caller.
func newLogger(w io.Writer, lvl, format string) (log.Logger, error) {
	base, err := newBaseLogger(w, lvl, format)
	if err != nil {
		return nil, err
	}
	return log.With(base, "ts", log.DefaultTimestampUTC, "caller", log.DefaultCaller), nil
}

// newBaseLogger is newLogger without ts and caller.
func newBaseLogger(w io.Writer, lvl, format string) (log.Logger, error) {
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
	return level.NewFilter(l, level.Allow(v)), nil
}

// newSlogger adapts base (a logger from newBaseLogger) for libraries that
// log with log/slog, such as exporter-toolkit: their lines carry the same
// keys in the same order as ours (level, ts, caller, component, msg), each
// once, with the caller slog records.
func newSlogger(base log.Logger, component string) *slog.Logger {
	return slog.New(noTime{sloggokit.NewGoKitHandler(inOrder(base, component), slog.LevelDebug)})
}

// inOrder puts ts after the level that slog-gokit logs first, and the
// component after the caller, as the bridge's own lines have them.
func inOrder(base log.Logger, component string) log.Logger {
	return log.LoggerFunc(func(kv ...any) error {
		out := make([]any, 0, len(kv)+4)
		if len(kv) >= 2 && kv[0] == level.Key() {
			out, kv = append(out, kv[0], kv[1]), kv[2:]
		}
		out = append(out, "ts", time.Now().UTC().Format(time.RFC3339Nano))
		if len(kv) >= 2 && kv[0] == "caller" {
			out, kv = append(out, kv[0], kv[1]), kv[2:]
		}
		out = append(out, "component", component)
		return base.Log(append(out, kv...)...)
	})
}

// noTime drops slog's own time from records: ts is stamped already.
type noTime struct{ slog.Handler }

func (h noTime) Handle(ctx context.Context, r slog.Record) error {
	r.Time = time.Time{}
	return h.Handler.Handle(ctx, r)
}

func (h noTime) WithAttrs(as []slog.Attr) slog.Handler { return noTime{h.Handler.WithAttrs(as)} }
func (h noTime) WithGroup(name string) slog.Handler    { return noTime{h.Handler.WithGroup(name)} }
