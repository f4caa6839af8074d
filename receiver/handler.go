package receiver

import (
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

// Handler serves POST /alerts: it authenticates, caps and decodes the
// webhook, plans and carries out its deliveries, and answers Alertmanager
// with the status that makes it do the right thing (see StatusCode).
type Handler struct {
	rt      atomic.Pointer[Runtime]
	ledger  Ledger
	metrics *Metrics
	logger  log.Logger
	now     func() time.Time
	// inflight counts requests whose deliveries may still be running after
	// their answer (see process), and silences being created.
	inflight sync.WaitGroup
	sending  sending                                    // keys of the deliveries in flight
	active   atomic.Int64                               // webhooks being handled (receiver.max_inflight_requests)
	http     *http.Client                               // for Alertmanager's API
	sleep    func(context.Context, time.Duration) error // between silence attempts
	polls    pollState
	recent   *Recent // the latest deliveries, for the status page; may be nil
}

// Options are the parts of a Handler that outlive a configuration.
type Options struct {
	Ledger  Ledger
	Metrics *Metrics
	Logger  log.Logger
	Now     func() time.Time // time.Now when nil
	// HTTPClient calls Alertmanager's API (silence_on_ack); a client
	// without redirects when nil.
	HTTPClient *http.Client
	// Sleep waits between attempts to create a silence; a timer when nil.
	Sleep func(ctx context.Context, d time.Duration) error
	// Recent, when set, keeps the latest deliveries for the status page.
	Recent *Recent
}

// ErrBusy is the error answered (with 503) to a webhook beyond
// receiver.max_inflight_requests.
const ErrBusy = "too many webhooks in progress, retry"

// NewHandler returns a handler serving with rt.
func NewHandler(rt *Runtime, o Options) *Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	if o.HTTPClient == nil {
		o.HTTPClient = &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	}
	if o.Sleep == nil {
		o.Sleep = clock.Sleep
	}
	h := &Handler{ledger: o.Ledger, metrics: o.Metrics, logger: log.With(o.Logger, "component", "receiver"), now: o.Now,
		http: o.HTTPClient, sleep: o.Sleep, recent: o.Recent}
	h.rt.Store(rt)
	return h
}

// SetRuntime swaps the configuration atomically; requests in flight finish
// with the one they started with.
func (h *Handler) SetRuntime(rt *Runtime) { h.rt.Store(rt) }

// Runtime returns the configuration in use.
func (h *Handler) Runtime() *Runtime { return h.rt.Load() }

// Wait blocks until every delivery started by a request has finished, or ctx ends.
func (h *Handler) Wait(ctx context.Context) error {
	done := make(chan struct{})
	go func() { h.inflight.Wait(); close(done) }()
	select {
	case <-done:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// ServeHTTP implements http.Handler.
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	start := h.now()
	code, answer := h.handle(w, r, h.rt.Load())
	if code == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="alertmanager-pushover"`)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_ = json.NewEncoder(w).Encode(answer)
	h.metrics.WebhookRequests.WithLabelValues(strconv.Itoa(code)).Inc()
	h.metrics.WebhookDuration.Observe(h.now().Sub(start).Seconds())
}

func (h *Handler) handle(w http.ResponseWriter, r *http.Request, rt *Runtime) (int, Answer) {
	if r.Method != http.MethodPost {
		return http.StatusMethodNotAllowed, Answer{Status: "error", Error: "use POST"}
	}
	if !authorized(r, rt.Token) {
		level.Warn(h.logger).Log("msg", "webhook request not authorized", "remote", r.RemoteAddr)
		return http.StatusUnauthorized, Answer{Status: "error", Error: "missing or wrong bearer token"}
	}
	// Each webhook being handled holds its alerts until Pushover took
	// them: beyond the cap, answer at once and let Alertmanager retry.
	limit := int64(rt.Config.MaxInflightRequests)
	if limit <= 0 {
		limit = DefaultMaxInflightRequests
	}
	if n := h.active.Add(1); n > limit {
		h.active.Add(-1)
		h.metrics.WebhooksBusy.Inc()
		level.Warn(h.logger).Log("msg", "too many webhooks in progress, answering 503", "limit", limit)
		return http.StatusServiceUnavailable, Answer{Status: "error", Error: ErrBusy}
	}
	h.metrics.WebhooksActive.Inc()
	defer func() {
		h.active.Add(-1)
		h.metrics.WebhooksActive.Dec()
	}()
	m, err := decodeSized(http.MaxBytesReader(w, r.Body, int64(rt.Config.MaxBodyBytes)), r.ContentLength)
	if err != nil {
		return h.decodeFailed(err)
	}
	h.countAlerts(m)
	level.Debug(h.logger).Log("msg", "webhook received", "receiver", m.Receiver, "status", m.Status,
		"group_key", m.GroupKey, "reason", m.NotificationReason, "alerts", len(m.Alerts), "truncated", m.TruncatedAlerts)
	results := h.process(r.Context(), rt, m)
	code, status := StatusCode(results)
	level.Info(h.logger).Log("msg", "webhook handled", "receiver", m.Receiver, "status", m.Status,
		"alerts", len(m.Alerts), "deliveries", len(results), "code", code)
	return code, Answer{Status: status, Deliveries: results}
}

func (h *Handler) decodeFailed(err error) (int, Answer) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		level.Warn(h.logger).Log("msg", "webhook body too large", "limit", mbe.Limit)
		return http.StatusRequestEntityTooLarge, Answer{Status: "error",
			Error: "body larger than receiver.max_body_bytes (" + strconv.FormatInt(mbe.Limit, 10) + " bytes)"}
	}
	if errors.Is(err, ErrUnsupportedVersion) {
		level.Warn(h.logger).Log("msg", "unsupported webhook version", "err", err)
	} else {
		level.Info(h.logger).Log("msg", "invalid webhook payload", "err", err)
	}
	return http.StatusBadRequest, Answer{Status: "error", Error: err.Error()}
}

func (h *Handler) countAlerts(m *Message) {
	firing, resolved := 0, 0
	for _, a := range m.Alerts {
		switch a.Status {
		case "firing":
			firing++
		case "resolved":
			resolved++
		}
	}
	h.metrics.alertsFiring.Add(float64(firing))
	h.metrics.alertsResolved.Add(float64(resolved))
}

// authorized compares the bearer token in constant time (hashing both
// sides first, so not even the length leaks). An empty want allows all.
func authorized(r *http.Request, want string) bool {
	if want == "" {
		return true
	}
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return false
	}
	g, w := sha256.Sum256([]byte(strings.TrimSpace(got))), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}
