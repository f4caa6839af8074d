package faults

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/webhooktest"
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
	return webhooktest.Body("Fault", "fault test page", p.id, p.status, p.sev)
}

// sender posts webhooks like Alertmanager's notifier (see
// webhooktest.Sender).
type sender struct{ *webhooktest.Sender }

func newSender(b *bridge) *sender {
	return &sender{webhooktest.NewSender(b.url+"/alerts", bearer)}
}

// result is what became of one webhook.
type result = webhooktest.Result

// sendAll sends every page concurrently and returns the results by page id.
func (s *sender) sendAll(ctx context.Context, pages []page) map[string]result {
	var mu sync.Mutex
	out := map[string]result{}
	var wg sync.WaitGroup
	for _, p := range pages {
		wg.Add(1)
		go func() {
			defer wg.Done()
			r := s.Send(ctx, p.body())
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
		require.Equal(t, 200, results[p.id].Code, "page %s: answers %v", p.id, results[p.id].Codes)
		require.Equal(t, 1, got[key], "page %s delivered %d times (answers %v); Pushover saw:\n%s", key, got[key],
			results[p.id].Codes, requestsOf(t, f, p.id))
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
