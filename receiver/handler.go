package receiver

import (
	"encoding/json"
	"errors"
	"net/http"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
)

// Handler serves POST /alerts: it authenticates, caps and decodes the
// webhook, hands it to the pipeline, and answers Alertmanager with the
// status that makes it do the right thing (see StatusCode). It also serves
// Pushover's acknowledgement callback (CallbackHandler).
type Handler struct {
	rt       atomic.Pointer[Runtime]
	pipeline *pipeline.Pipeline
	tracker  *emergency.Tracker
	metrics  *Metrics
	logger   log.Logger
	now      func() time.Time
	active   atomic.Int64 // webhooks being handled (receiver.max_inflight_requests)
}

// Options are the parts of a Handler that outlive a configuration.
type Options struct {
	Pipeline *pipeline.Pipeline // required; its Tracker receives callbacks
	Metrics  *Metrics           // required
	Logger   log.Logger
	Now      func() time.Time // time.Now when nil
}

// ErrBusy is the error answered (with 503) to a webhook beyond
// receiver.max_inflight_requests.
var ErrBusy = errors.New("too many webhooks in progress, retry")

// NewHandler returns a handler serving with rt.
func NewHandler(rt *Runtime, o Options) *Handler {
	if o.Now == nil {
		o.Now = time.Now
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	h := &Handler{pipeline: o.Pipeline, tracker: o.Pipeline.Tracker(), metrics: o.Metrics,
		logger: log.With(o.Logger, "component", "receiver"), now: o.Now}
	h.SetRuntime(rt)
	return h
}

// SetRuntime swaps the configuration atomically; requests in flight finish
// with the one they started with. It completes rt.Pipeline.Config from
// rt.Config and hands rt.Emergency to the tracker.
func (h *Handler) SetRuntime(rt *Runtime) {
	rt.Pipeline.Config = rt.Config.Pipeline()
	h.rt.Store(rt)
	h.tracker.SetRuntime(&rt.Emergency)
}

// Runtime returns the configuration in use.
func (h *Handler) Runtime() *Runtime { return h.rt.Load() }

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
	limit := int64(max(rt.Config.MaxInflightRequests, 1))
	n := h.active.Add(1)
	reserved := n > limit
	if reserved && !reservable(r, n-limit, rt) {
		h.active.Add(-1)
		return h.busy(limit)
	}
	h.metrics.WebhooksActive.Inc()
	defer func() {
		h.active.Add(-1)
		h.metrics.WebhooksActive.Dec()
	}()
	m, err := webhook.DecodeSized(http.MaxBytesReader(w, r.Body, int64(rt.Config.MaxBodyBytes)), r.ContentLength)
	if err != nil {
		return h.decodeFailed(r, err)
	}
	if reserved {
		if !pipeline.MayPage(&rt.Pipeline, m) {
			return h.busy(limit)
		}
		h.metrics.WebhooksReserved.Inc()
		level.Debug(h.logger).Log("msg", "webhook that may page admitted on the emergency reserve", "limit", limit)
	}
	h.countAlerts(m)
	m.ExternalURL = rt.Config.Source(m.ExternalURL) // HA peers of one cluster are one source
	level.Debug(h.logger).Log("msg", "webhook received", "receiver", m.Receiver, "status", m.Status,
		"group_key", m.GroupKey, "reason", m.NotificationReason, "alerts", len(m.Alerts), "truncated", m.TruncatedAlerts)
	results := h.pipeline.Process(r.Context(), &rt.Pipeline, m)
	code, status := StatusCode(results)
	level.Info(h.logger).Log("msg", "webhook handled", "receiver", m.Receiver, "status", m.Status,
		"alerts", len(m.Alerts), "deliveries", len(results), "code", code)
	return code, Answer{Status: status, Deliveries: results}
}

// busy answers 503 at once: too many webhooks in progress.
func (h *Handler) busy(limit int64) (int, Answer) {
	h.metrics.WebhooksBusy.Inc()
	level.Warn(h.logger).Log("msg", "too many webhooks in progress, answering 503", "limit", limit)
	return http.StatusServiceUnavailable, Answer{Status: "error", Error: ErrBusy.Error()}
}

// reservable reports whether the over-th webhook beyond the limit may be
// read on the emergency reserve: within the reserve, with a small body
// whose size is known.
func reservable(r *http.Request, over int64, rt *Runtime) bool {
	return over <= int64(rt.Config.EmergencyReserve) && r.ContentLength > 0 && r.ContentLength <= ReserveBodyBytes
}

func (h *Handler) decodeFailed(r *http.Request, err error) (int, Answer) {
	var mbe *http.MaxBytesError
	if errors.As(err, &mbe) {
		level.Warn(h.logger).Log("msg", "webhook body too large", "limit", mbe.Limit, "remote", r.RemoteAddr)
		return http.StatusRequestEntityTooLarge, Answer{Status: "error",
			Error: "body larger than receiver.max_body_bytes (" + strconv.FormatInt(mbe.Limit, 10) + " bytes)"}
	}
	level.Warn(h.logger).Log("msg", "invalid webhook payload", "remote", r.RemoteAddr, "err", err)
	return http.StatusBadRequest, Answer{Status: "error", Error: err.Error()}
}

func (h *Handler) countAlerts(m *webhook.Message) {
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

// authorized compares the bearer token in constant time. An empty want
// allows all.
func authorized(r *http.Request, want string) bool {
	if want == "" {
		return true
	}
	scheme, got, ok := strings.Cut(r.Header.Get("Authorization"), " ")
	return ok && strings.EqualFold(scheme, "Bearer") && secretEqual(strings.TrimSpace(got), want)
}
