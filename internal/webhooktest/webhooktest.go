// Package webhooktest holds what the tests that post webhooks to a running
// bridge share: Alertmanager's version 4 webhook of a one-alert group, and
// a Sender that retries like Alertmanager's notifier. It is imported only
// by _test.go files.
package webhooktest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// Body renders Alertmanager's version 4 webhook of the group page=id with
// one alert named alertname, of severity sev and status (firing or
// resolved), from one Alertmanager cluster (one externalURL); its summary
// is summary, a space and id.
func Body(alertname, summary, id, status, sev string) []byte {
	startsAt := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	endsAt := time.Time{}
	if status == "resolved" {
		endsAt = startsAt.Add(time.Hour)
	}
	labels := map[string]string{"alertname": alertname, "page": id, "severity": sev}
	b, _ := json.Marshal(map[string]any{
		"version": "4", "receiver": "pushover-bridge", "status": status, "externalURL": "http://am.example.com",
		"groupKey": `{}:{page="` + id + `"}`, "truncatedAlerts": 0,
		"alerts": []map[string]any{{
			"status": status, "labels": labels, "annotations": map[string]string{"summary": summary + " " + id},
			"startsAt": startsAt, "endsAt": endsAt, "fingerprint": fmt.Sprintf("%x", id), "generatorURL": "",
		}},
		"groupLabels": map[string]string{"page": id}, "commonLabels": labels, "commonAnnotations": map[string]string{},
	})
	return b
}

// Sender posts webhooks like Alertmanager's notifier: it retries 5xx and
// missing answers with exponential backoff from 500 ms (with jitter), at
// most 4 s apart, until an answer below 500 or the context ends.
type Sender struct {
	url    string
	bearer string
	hc     *http.Client
}

// NewSender posts to url (the bridge's /alerts) with the bearer token.
func NewSender(url, bearer string) *Sender {
	return &Sender{url: url, bearer: bearer, hc: &http.Client{Timeout: 10 * time.Second}}
}

// Result is what became of one webhook.
type Result struct {
	Code     int // final status; 0 when never answered
	Attempts int
	Codes    []int // every answer, 0 for none
}

// Send posts body until it is answered below 500 or ctx ends.
func (s *Sender) Send(ctx context.Context, body []byte) Result {
	var r Result
	wait := 500 * time.Millisecond
	for {
		r.Attempts++
		r.Code = s.post(ctx, body)
		r.Codes = append(r.Codes, r.Code)
		if r.Code != 0 && r.Code < 500 {
			return r
		}
		jittered := time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
		select {
		case <-ctx.Done():
			return r
		case <-time.After(jittered):
		}
		wait = min(wait*2, 4*time.Second)
	}
}

// post is one attempt: the answer's status, 0 for none.
func (s *Sender) post(ctx context.Context, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+s.bearer)
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
