package faults

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// page is one webhook: an alert group of its own.
type page struct {
	id     string
	status string // firing or resolved
	sev    string
}

// body renders p as Alertmanager's version 4 webhook.
func (p page) body() []byte {
	startsAt := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	endsAt := time.Time{}
	if p.status == "resolved" {
		endsAt = startsAt.Add(time.Hour)
	}
	labels := map[string]string{"alertname": "Fault", "page": p.id, "severity": p.sev}
	b, _ := json.Marshal(map[string]any{
		"version": "4", "receiver": "pushover-bridge", "status": p.status, "externalURL": "http://am.example.com",
		"groupKey": `{}:{page="` + p.id + `"}`, "truncatedAlerts": 0,
		"alerts": []map[string]any{{
			"status": p.status, "labels": labels, "annotations": map[string]string{"summary": "fault test page " + p.id},
			"startsAt": startsAt, "endsAt": endsAt, "fingerprint": fmt.Sprintf("%x", p.id), "generatorURL": "",
		}},
		"groupLabels": map[string]string{"page": p.id}, "commonLabels": labels, "commonAnnotations": map[string]string{},
	})
	return b
}

// sender posts webhooks like Alertmanager's notifier: it retries 5xx and
// missing answers with exponential backoff from 500 ms (with jitter) until
// an answer below 500 or its deadline.
type sender struct {
	url     string
	hc      *http.Client
	backoff time.Duration // initial; doubled, at most maxWait
	maxWait time.Duration
}

func newSender(b *bridge) *sender {
	return &sender{url: b.url + "/alerts", hc: &http.Client{Timeout: 10 * time.Second},
		backoff: 500 * time.Millisecond, maxWait: 4 * time.Second}
}

// result is what became of one webhook.
type result struct {
	code     int // final status; 0 when never answered
	attempts int
	codes    []int // every answer, 0 for none
}

func (s *sender) post(ctx context.Context, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+bearer)
	resp, err := s.hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}

func (s *sender) send(ctx context.Context, body []byte) result {
	var r result
	wait := s.backoff
	for {
		r.attempts++
		r.code = s.post(ctx, body)
		r.codes = append(r.codes, r.code)
		if r.code != 0 && r.code < 500 {
			return r
		}
		jittered := time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))
		select {
		case <-ctx.Done():
			return r
		case <-time.After(jittered):
		}
		wait = min(wait*2, s.maxWait)
	}
}

// sendAll sends every page concurrently and returns the results by page id.
func (s *sender) sendAll(ctx context.Context, pages []page) map[string]result {
	var mu sync.Mutex
	out := map[string]result{}
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.send(ctx, p.body())
			mu.Lock()
			out[p.id] = r
			mu.Unlock()
		}()
	}
	wg.Wait()
	return out
}

var pageRE = regexp.MustCompile(`fault test page ([A-Za-z0-9-]+)`)

// delivered counts the fake's accepted messages per page id, for firing
// and resolved messages apart ("id" and "id/resolved").
func delivered(t *testing.T, f *fake) map[string]int {
	t.Helper()
	msgs, err := f.ctl.Messages(context.Background())
	require.NoError(t, err)
	out := map[string]int{}
	for _, m := range msgs {
		for _, id := range uniq(pageRE.FindAllStringSubmatch(m.Message, -1)) {
			if strings.Contains(m.Title, "RESOLVED") {
				id += "/resolved"
			}
			out[id]++
		}
	}
	return out
}

func uniq(ms [][]string) []string {
	seen := map[string]bool{}
	var out []string
	for _, m := range ms {
		id := m[1]
		if !seen[id] {
			seen[id] = true
			out = append(out, id)
		}
	}
	return out
}

// requireExactlyOnce: every page answered 200 in the end and reached the
// fake exactly once; the fake saw no duplicate and at most two requests at once.
func requireExactlyOnce(t *testing.T, f *fake, pages []page, results map[string]result) {
	t.Helper()
	// Deliveries may finish after the answer that gave up on them; wait
	// until the fake is quiet.
	var st pushovertest.Stats
	require.Eventually(t, func() bool {
		prev := st
		var err error
		st, err = f.ctl.Stats(context.Background())
		return err == nil && st.InFlight == 0 && st.Requests == prev.Requests
	}, 30*time.Second, time.Second)
	got := delivered(t, f)
	for _, p := range pages {
		key := p.id
		if p.status == "resolved" {
			key += "/resolved"
		}
		require.Equal(t, 200, results[p.id].code, "page %s: answers %v", p.id, results[p.id].codes)
		require.Equal(t, 1, got[key], "page %s delivered %d times (answers %v); Pushover saw:\n%s", key, got[key],
			results[p.id].codes, requestsOf(t, f, p.id))
	}
	require.Zero(t, st.DuplicateMessages, "the fake saw identical messages")
	require.LessOrEqual(t, st.PeakConcurrentRequests, 2, "Pushover allows two concurrent connections")
}

// requestsOf describes the fake's requests of messages for page id.
func requestsOf(t *testing.T, f *fake, id string) string {
	t.Helper()
	reqs, err := f.ctl.Requests(context.Background())
	require.NoError(t, err)
	var b strings.Builder
	for _, r := range reqs {
		if strings.Contains(r.Params["message"], "fault test page "+id+"") {
			fmt.Fprintf(&b, "  %s fault=%q status=%d\n", r.Time.Format("15:04:05.000"), r.Fault, r.Status)
		}
	}
	return b.String()
}
