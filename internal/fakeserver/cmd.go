package fakeserver

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

// ServeUntilSignal is the end of a fake's command: it prints
// "listening on <rootURL>" on one line of stdout once SIGINT and SIGTERM
// are caught, waits for one of them, and calls closeServer.
func ServeUntilSignal(stdout io.Writer, rootURL string, closeServer func()) {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	fmt.Fprintln(stdout, "listening on", rootURL)
	<-ctx.Done()
	closeServer()
}
