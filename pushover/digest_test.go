package pushover

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// heldTransport tells entered of every request (its form) and holds it
// until the test sends on proceed.
type heldTransport struct {
	entered chan url.Values
	proceed chan struct{}
}

func (h *heldTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	body, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, err
	}
	form, _ := url.ParseQuery(string(body))
	h.entered <- form
	<-h.proceed
	r.Body = io.NopCloser(strings.NewReader(string(body)))
	return http.DefaultTransport.RoundTrip(r)
}

// heldClient returns a client of the fake whose requests the test lets
// through one by one, with both slots taken by two messages to the group.
func heldClient(t *testing.T, d Digest) (*Client, *heldTransport, *sync.WaitGroup) {
	t.Helper()
	s := pushovertest.New(t, pushovertest.WithDemoAccount())
	h := &heldTransport{entered: make(chan url.Values, 10), proceed: make(chan struct{})}
	c, err := NewClient(pushovertest.DemoToken, WithBaseURL(s.URL), WithHTTPClient(&http.Client{Transport: h}))
	require.NoError(t, err)
	c = c.WithDigest(d)
	var wg sync.WaitGroup
	for i := range MaxConcurrent {
		wg.Go(func() {
			_, err := c.Send(context.Background(), &Message{Users: []string{pushovertest.DemoGroup}, Message: fmt.Sprint("blocker ", i)})
			require.NoError(t, err)
		})
		<-h.entered
	}
	t.Cleanup(func() { close(h.proceed); wg.Wait() })
	return c, h, &wg
}

// queuedMessages counts the foldable messages waiting, in the queue or in
// a digest gathering.
func queuedMessages(c *Client) int {
	g := c.gate
	g.mu.Lock()
	defer g.mu.Unlock()
	n := 0
	for _, w := range g.waiting {
		if w.fold != nil {
			n++
		}
	}
	for _, d := range g.digests {
		n += len(d.members)
	}
	return n
}

type sent struct {
	resp *Response
	err  error
}

// TestDigestFoldsAQueue: beyond QueueDepth, the messages waiting for one
// recipient go as one digest at the highest of their priorities; every
// caller gets its answer; an emergency is never folded and goes first; a
// caller whose context ends before the digest goes leaves it.
func TestDigestFoldsAQueue(t *testing.T) {
	c, h, _ := heldClient(t, Digest{QueueDepth: 2})
	results := make(chan sent, 10)
	prios := []Priority{PriorityLow, PriorityNormal, PriorityHigh, PriorityNormal, PriorityLowest, PriorityNormal}
	leaving, leave := context.WithCancel(context.Background())
	for i, p := range prios {
		ctx := context.Background()
		if i == 5 {
			ctx = leaving
		}
		go func() {
			r, err := c.Send(ctx, &Message{Users: []string{pushovertest.DemoUser}, Title: fmt.Sprint("group ", i),
				Message: "m", Priority: p, HTML: true, Sound: fmt.Sprint("sound", i)})
			results <- sent{r, err}
		}()
		require.Eventually(t, func() bool { return queuedMessages(c) == i+1 }, 5*time.Second, time.Millisecond)
	}
	leave()
	left := <-results
	require.ErrorIs(t, left.err, context.Canceled)
	go func() {
		r, err := c.Send(context.Background(), &Message{Users: []string{pushovertest.DemoUser}, Message: "page",
			Priority: PriorityEmergency, Retry: time.Minute, Expire: time.Hour})
		results <- sent{r, err}
	}()
	require.Eventually(t, func() bool { return waiting(c) == 2 }, 5*time.Second, time.Millisecond, "the digest and the emergency")

	h.proceed <- struct{}{}
	require.Equal(t, "2", (<-h.entered).Get("priority"), "the emergency first")
	h.proceed <- struct{}{}
	digest := <-h.entered
	require.Equal(t, "5 alert groups", digest.Get("title"))
	require.Equal(t, "5 alert groups: group 0, group 1, group 2, group 3, group 4", digest.Get("message"))
	require.Equal(t, "1", digest.Get("priority"), "the highest folded")
	require.Equal(t, "sound2", digest.Get("sound"))
	require.Equal(t, "1", digest.Get("html"))
	h.proceed <- struct{}{}
	h.proceed <- struct{}{}
	var request string
	for range 6 {
		r := <-results
		require.NoError(t, r.err)
		if r.resp.Receipt != "" {
			require.Zero(t, r.resp.Digested, "the emergency went on its own")
			continue
		}
		require.Equal(t, 5, r.resp.Digested)
		require.NotEmpty(t, r.resp.Request)
		if request == "" {
			request = r.resp.Request
		}
		require.Equal(t, request, r.resp.Request, "every folded caller gets the digest's request id")
	}
}

// TestDigestWhenQuotaLow: with the quota below QuotaBelow, two waiting
// messages to one recipient are folded already.
func TestDigestWhenQuotaLow(t *testing.T) {
	c, h, _ := heldClient(t, Digest{QuotaBelow: 0.1})
	c.gate.mu.Lock()
	c.gate.limits = &Limits{Limit: 10000, Remaining: 999}
	c.gate.mu.Unlock()
	results := make(chan sent, 2)
	for i := range 2 {
		go func() {
			r, err := c.Send(context.Background(), &Message{Users: []string{pushovertest.DemoUser}, Title: fmt.Sprint("t", i), Message: "m"})
			results <- sent{r, err}
		}()
		require.Eventually(t, func() bool { return queuedMessages(c) == i+1 }, 5*time.Second, time.Millisecond)
	}
	h.proceed <- struct{}{}
	require.Equal(t, "2 alert groups: t0, t1", (<-h.entered).Get("message"))
	h.proceed <- struct{}{}
	h.proceed <- struct{}{}
	for range 2 {
		r := <-results
		require.NoError(t, r.err)
		require.Equal(t, 2, r.resp.Digested)
	}
}

func TestDigestMessage(t *testing.T) {
	many := make([]*Message, 300)
	for i := range many {
		many[i] = &Message{Users: []string{userA}, Title: strings.Repeat("x", 40) + fmt.Sprint(i), Message: "m", Priority: PriorityEmergency}
	}
	tests := []struct {
		name  string
		ms    []*Message
		want  string
		check func(t *testing.T, m *Message)
	}{
		{name: "one is sent as is", ms: []*Message{{Title: "only", Message: "body"}}, want: "body"},
		{name: "escaped for HTML, first line when untitled", ms: []*Message{
			{HTML: true, Message: "<b>disk &amp; cpu</b>\nmore"}, {Title: "a<b", Message: "m"}},
			want: "2 alert groups: disk &amp; cpu, a&lt;b"},
		{name: "within the limit, and N more", ms: many, check: func(t *testing.T, m *Message) {
			require.LessOrEqual(t, utf8.RuneCountInString(m.Message), MaxMessageRunes)
			shown := strings.Count(m.Message, strings.Repeat("x", 40))
			require.True(t, strings.HasSuffix(m.Message, fmt.Sprintf(", and %d more", 300-shown)), m.Message)
			require.Equal(t, PriorityHigh, m.Priority, "never emergency")
			require.Equal(t, "300 alert groups", m.Title)
			require.NoError(t, m.Validate())
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := digestMessage(tt.ms)
			if tt.want != "" {
				require.Equal(t, tt.want, m.Message)
			}
			if tt.check != nil {
				tt.check(t, m)
			}
		})
	}
}
