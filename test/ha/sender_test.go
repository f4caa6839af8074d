package ha

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
	"time"
)

// page is one webhook: an alert group of its own.
type page struct {
	id     string
	status string // firing or resolved
	sev    string
}

func pages(prefix string, n, critical int) []page {
	out := make([]page, 0, n)
	for i := range n {
		sev := "warning"
		if i < critical {
			sev = "critical"
		}
		out = append(out, page{id: fmt.Sprintf("%s%02d", prefix, i), status: "firing", sev: sev})
	}
	return out
}

// resolvedPages are copies of ps that resolved.
func resolvedPages(ps []page) []page {
	out := make([]page, len(ps))
	for i, p := range ps {
		p.status = "resolved"
		out[i] = p
	}
	return out
}

// body renders p as Alertmanager's version 4 webhook, from one
// Alertmanager cluster (one externalURL).
func (p page) body() []byte {
	startsAt := time.Date(2026, 11, 22, 10, 0, 0, 0, time.UTC)
	endsAt := time.Time{}
	if p.status == "resolved" {
		endsAt = startsAt.Add(time.Hour)
	}
	labels := map[string]string{"alertname": "Storm", "page": p.id, "severity": p.sev}
	b, _ := json.Marshal(map[string]any{
		"version": "4", "receiver": "pushover-bridge", "status": p.status, "externalURL": "http://am.example.com",
		"groupKey": `{}:{page="` + p.id + `"}`, "truncatedAlerts": 0,
		"alerts": []map[string]any{{
			"status": p.status, "labels": labels, "annotations": map[string]string{"summary": "ha test page " + p.id},
			"startsAt": startsAt, "endsAt": endsAt, "fingerprint": fmt.Sprintf("%x", p.id), "generatorURL": "",
		}},
		"groupLabels": map[string]string{"page": p.id}, "commonLabels": labels, "commonAnnotations": map[string]string{},
	})
	return b
}

// sender posts webhooks like an Alertmanager HA pair: each one twice at
// once (each member sends it), each copy retried on 5xx and missing
// answers with exponential backoff from 500 ms (with jitter), at most 4 s
// apart, until an answer below 500 or the context ends.
type sender struct {
	url string
	hc  *http.Client
}

func newSender(proxyURL string) *sender {
	return &sender{url: proxyURL + "/alerts", hc: &http.Client{Timeout: 10 * time.Second}}
}

// result is what became of one webhook: the final status of each copy.
type result struct {
	codes [2]int
	tries int
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

// send posts body until it is answered below 500; it returns the last
// answer and the number of attempts.
func (s *sender) send(ctx context.Context, body []byte) (code, tries int) {
	wait := 500 * time.Millisecond
	for {
		tries++
		code = s.post(ctx, body)
		if code != 0 && code < 500 {
			return code, tries
		}
		select {
		case <-ctx.Done():
			return code, tries
		case <-time.After(time.Duration(float64(wait) * (0.8 + 0.4*rand.Float64()))):
		}
		wait = min(wait*2, 4*time.Second)
	}
}

// sendAll sends every page, each twice at once, and returns the results by page id.
func (s *sender) sendAll(ctx context.Context, ps []page) map[string]result {
	var mu sync.Mutex
	out := map[string]result{}
	var wg sync.WaitGroup
	for _, p := range ps {
		for copy := range 2 {
			wg.Go(func() {
				code, tries := s.send(ctx, p.body())
				mu.Lock()
				defer mu.Unlock()
				r := out[p.id]
				r.codes[copy] = code
				r.tries += tries
				out[p.id] = r
			})
		}
	}
	wg.Wait()
	return out
}

var pageRE = regexp.MustCompile(`ha test page ([A-Za-z0-9-]+)`)

// delivered counts the fake's accepted messages per page id, firing and
// resolved apart ("id" and "id/resolved").
func (c *cluster) delivered() map[string]int {
	out := map[string]int{}
	for _, m := range c.fake.Messages() {
		seen := map[string]bool{}
		for _, sm := range pageRE.FindAllStringSubmatch(m.Params["message"], -1) {
			id := sm[1]
			if m.Params["priority"] == "-1" {
				id += "/resolved"
			}
			if !seen[id] {
				seen[id] = true
				out[id]++
			}
		}
	}
	return out
}

// quiet waits until the fake has nothing in flight and saw no new request
// for a second: the deliveries that outlived their webhook have ended.
func (c *cluster) quiet(ctx context.Context) bool {
	prev := -1
	for {
		st := c.fake.Stats()
		if st.InFlight == 0 && st.Requests == prev {
			return true
		}
		prev = st.Requests
		select {
		case <-ctx.Done():
			return false
		case <-time.After(time.Second):
		}
	}
}

// failures describes the results of pages whose copies were not both answered 200.
func failures(results map[string]result) string {
	var b strings.Builder
	for id, r := range results {
		if r.codes != [2]int{200, 200} {
			fmt.Fprintf(&b, "  %s: %v after %d attempts\n", id, r.codes, r.tries)
		}
	}
	return b.String()
}
