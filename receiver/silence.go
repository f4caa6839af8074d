package receiver

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/receiver/ledger"
)

// Silences on acknowledgement (silence_on_ack).
const (
	// silenceAttempts is how often creating one silence is tried.
	silenceAttempts = 3
	// silenceBackoff is the wait before the second attempt; it doubles.
	silenceBackoff = 2 * time.Second
	// maxSilencesPerAck: up to this many acknowledged alerts get one exact
	// silence each; more get one silence on their common labels.
	maxSilencesPerAck = 10
	// SilenceCreatedBy is the createdBy of every silence the bridge creates.
	SilenceCreatedBy = "alertmanager-pushover"
)

// errSilenceRefused is a 4xx answer of Alertmanager: retrying cannot help.
var errSilenceRefused = errors.New("alertmanager refused the silence")

// Matcher is one matcher of an Alertmanager API v2 silence.
type Matcher struct {
	Name    string `json:"name"`
	Value   string `json:"value"`
	IsRegex bool   `json:"isRegex"`
	IsEqual bool   `json:"isEqual"`
}

// Silence is the body of POST /api/v2/silences.
type Silence struct {
	Matchers  []Matcher `json:"matchers"`
	StartsAt  time.Time `json:"startsAt"`
	EndsAt    time.Time `json:"endsAt"`
	CreatedBy string    `json:"createdBy"`
	Comment   string    `json:"comment"`
}

// Silences returns the silences that silence_on_ack creates for an
// acknowledged emergency, starting at now: one per acknowledged alert,
// with an equality matcher on each of its labels, so that exactly the
// alerts the person acknowledged are silenced and nothing else of the
// group (a new instance of the same alert still pages). Beyond
// maxSilencesPerAck alerts, one silence on the labels they all share.
func Silences(e ledger.Emergency, now time.Time) []Silence {
	base := Silence{StartsAt: now, EndsAt: now.Add(e.SilenceFor), CreatedBy: SilenceCreatedBy,
		Comment: silenceComment(e)}
	sets := e.Labels
	if len(sets) > maxSilencesPerAck {
		sets = []map[string]string{commonLabels(sets)}
	}
	out := make([]Silence, 0, len(sets))
	for _, ls := range sets {
		if len(ls) == 0 {
			continue
		}
		s := base
		for _, name := range sortedKeys(ls) {
			s.Matchers = append(s.Matchers, Matcher{Name: name, Value: ls[name], IsEqual: true})
		}
		out = append(out, s)
	}
	return out
}

func silenceComment(e ledger.Emergency) string {
	by := "someone"
	if e.Ack != nil {
		by = e.Ack.By
		if e.Ack.Device != "" {
			by += " (device " + e.Ack.Device + ")"
		}
	}
	return fmt.Sprintf("Acknowledged in Pushover by %s; silence_on_ack of route %q (recipient %s).", by, e.Route, e.Recipient)
}

func commonLabels(sets []map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range sets[0] {
		out[k] = v
	}
	for _, ls := range sets[1:] {
		for k, v := range out {
			if ls[k] != v {
				delete(out, k)
			}
		}
	}
	return out
}

// silence creates the silences of an acknowledged emergency in the
// background: it never blocks a page. Each is tried silenceAttempts times;
// outcomes are logged and counted.
func (h *Handler) silence(rt *Runtime, e ledger.Emergency) {
	base := rt.Alertmanager.URL
	if base == "" {
		base = e.ExternalURL
	}
	silences := Silences(e, h.now())
	if base == "" {
		h.metrics.Silences.WithLabelValues("failed").Add(float64(len(silences)))
		level.Error(h.logger).Log("msg", "cannot create silences: no alertmanager.url and no externalURL in the payload",
			"route", e.Route)
		return
	}
	endpoint := strings.TrimRight(base, "/") + "/api/v2/silences"
	timeout := time.Duration(rt.Alertmanager.Timeout)
	if timeout <= 0 {
		timeout = DefaultAlertmanagerTimeout
	}
	h.inflight.Add(1)
	go func() {
		defer h.inflight.Done()
		for _, s := range silences {
			h.createSilence(rt, endpoint, timeout, e, s)
		}
	}()
}

func (h *Handler) createSilence(rt *Runtime, endpoint string, timeout time.Duration, e ledger.Emergency, s Silence) {
	var err error
	wait := silenceBackoff
	for attempt := 1; attempt <= silenceAttempts; attempt++ {
		var id string
		if id, err = h.postSilence(rt, endpoint, timeout, s); err == nil {
			h.metrics.Silences.WithLabelValues("created").Inc()
			level.Info(h.logger).Log("msg", "silence created", "route", e.Route, "silence_id", id,
				"ends_at", s.EndsAt.UTC().Format(time.RFC3339), "matchers", len(s.Matchers))
			return
		}
		if errors.Is(err, errSilenceRefused) || attempt == silenceAttempts {
			break
		}
		ctx, cancel := context.WithTimeout(context.Background(), wait)
		_ = h.sleep(ctx, wait)
		cancel()
		wait *= 2
	}
	h.metrics.Silences.WithLabelValues("failed").Inc()
	level.Error(h.logger).Log("msg", "could not create silence", "route", e.Route, "err", rt.redact(err.Error()))
}

// postSilence posts one silence and returns its ID.
func (h *Handler) postSilence(rt *Runtime, endpoint string, timeout time.Duration, s Silence) (string, error) {
	body, err := json.Marshal(s)
	if err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, endpoint, bytes.NewReader(body))
	if err != nil {
		return "", fmt.Errorf("%w: %w", errSilenceRefused, err)
	}
	req.Header.Set("Content-Type", "application/json")
	if rt.AlertmanagerToken != "" {
		req.Header.Set("Authorization", "Bearer "+rt.AlertmanagerToken)
	}
	resp, err := h.http.Do(req)
	if err != nil {
		return "", fmt.Errorf("posting silence: %w", err)
	}
	defer resp.Body.Close()
	data, _ := io.ReadAll(io.LimitReader(resp.Body, 4096))
	switch {
	case resp.StatusCode >= 500 || resp.StatusCode == http.StatusTooManyRequests:
		return "", fmt.Errorf("posting silence: alertmanager answered %d", resp.StatusCode)
	case resp.StatusCode >= 300:
		return "", fmt.Errorf("%w: %d %s", errSilenceRefused, resp.StatusCode, strings.TrimSpace(string(data)))
	}
	var ok struct {
		SilenceID string `json:"silenceID"`
	}
	_ = json.Unmarshal(data, &ok)
	return ok.SilenceID, nil
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
