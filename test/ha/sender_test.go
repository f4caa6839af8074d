package ha

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/webhooktest"
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
func (p page) body() []byte { return webhooktest.Body("Storm", "ha test page", p.id, p.status, p.sev) }

// sender posts webhooks like an Alertmanager HA pair: each one twice at
// once (each member sends it), each copy retried like Alertmanager's
// notifier (see webhooktest.Sender).
type sender struct{ *webhooktest.Sender }

func newSender(proxyURL string) *sender {
	return &sender{webhooktest.NewSender(proxyURL+"/alerts", bearer)}
}

// result is what became of one webhook: the final status of each copy.
type result struct {
	codes [2]int
	tries int
}

// sendAll sends every page, each twice at once, and returns the results by page id.
func (s *sender) sendAll(ctx context.Context, ps []page) map[string]result {
	var mu sync.Mutex
	out := map[string]result{}
	var wg sync.WaitGroup
	for _, p := range ps {
		for copy := range 2 {
			wg.Go(func() {
				sent := s.Send(ctx, p.body())
				mu.Lock()
				defer mu.Unlock()
				r := out[p.id]
				r.codes[copy] = sent.Code
				r.tries += sent.Attempts
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
