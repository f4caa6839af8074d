package redisledger

import (
	"context"
	"fmt"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
	"github.com/redis/go-redis/v9"
)

// SetLogger sends what the go-redis client logs by itself (failed dials
// while the server is away) to logger at debug level, instead of the
// standard error. The client's logger is global to the process: the main
// package calls this once. The client logs addresses, never the URL or the
// password; the ledger's own failures come back as errors and health.
func SetLogger(logger log.Logger) {
	redis.SetLogger(kitLogger{level.Debug(log.With(logger, "component", "ledger", "client", "go-redis"))})
}

type kitLogger struct{ l log.Logger }

func (k kitLogger) Printf(_ context.Context, format string, v ...any) {
	_ = k.l.Log("msg", fmt.Sprintf(format, v...))
}
