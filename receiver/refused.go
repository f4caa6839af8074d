package receiver

import (
	"context"
	"errors"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// errRefusedBefore is the error of a delivery skipped because Pushover
// refused the same message within receiver.dedup_window.
const errRefusedBefore = "Pushover refused this message earlier (within receiver.dedup_window); the request is not repeated"

// refusedKey is the ledger key under which a permanent refusal of the
// delivery with key is remembered, beside the record of accepted ones.
func refusedKey(key string) string { return "refused:" + key }

// rememberRefusal notes that Pushover refused n for good (a 4xx or
// status 0), so that Alertmanager's retry of the same webhook, made
// because another delivery failed retryably, does not replay the request:
// Pushover asks never to repeat a refused request, and blocks the IPs of
// clients that keep doing so.
func (h *Handler) rememberRefusal(ctx context.Context, n Notification, err error) {
	var ae *pushover.APIError
	if !errors.As(err, &ae) {
		return
	}
	if err := h.ledger.Record(context.WithoutCancel(ctx), refusedKey(n.Key), h.now()); err != nil {
		level.Error(h.logger).Log("msg", "could not record refused delivery", "route", n.Route.Name, "err", err)
	}
}

// refusedBefore reports whether Pushover refused n within the dedup window.
// A ledger error counts as no: the request is made again.
func (h *Handler) refusedBefore(ctx context.Context, rt *Runtime, n Notification) bool {
	at, ok, err := h.ledger.Accepted(ctx, refusedKey(n.Key))
	return err == nil && ok && h.now().Sub(at) <= time.Duration(rt.Config.DedupWindow)
}
