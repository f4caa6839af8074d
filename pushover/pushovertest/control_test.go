package pushovertest_test

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func TestControlAPI(t *testing.T) {
	ctx := context.Background()
	s := newDemo(t)
	c := &pushovertest.Control{BaseURL: s.URL}

	require.NoError(t, c.SetQuota(ctx, 50, 40))
	require.Equal(t, 200, postForm(t, s, "messages.json", demo("priority", "2", "retry", "30", "expire", "60", "tags", "t1")).code)
	require.Equal(t, 200, postForm(t, s, "messages.json", demo("priority", "2", "retry", "30", "expire", "60", "tags", "t1")).code)

	msgs, err := c.Messages(ctx)
	require.NoError(t, err)
	require.Len(t, msgs, 2)
	reqs, err := c.Requests(ctx)
	require.NoError(t, err)
	require.Equal(t, "messages", reqs[0].Endpoint)
	require.Equal(t, pushovertest.DemoToken, reqs[0].Params["token"])
	stats, err := c.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, pushovertest.Stats{Requests: 2, Messages: 2, Receipts: 2, DuplicateMessages: 1, PeakConcurrentRequests: 1,
		OpenConnections: stats.OpenConnections, PeakConnections: stats.PeakConnections, ConnectionsOpened: stats.ConnectionsOpened,
		QuotaLimit: 50, QuotaRemaining: 38}, stats)

	require.NoError(t, c.Ack(ctx, msgs[0].Receipt, pushovertest.DemoUser, "phone"))
	require.ErrorContains(t, c.Ack(ctx, msgs[0].Receipt, pushovertest.DemoUser, "phone"), "HTTP 400")
	require.NoError(t, c.Advance(ctx, 2*time.Minute))
	rcpts, err := c.Receipts(ctx)
	require.NoError(t, err)
	require.True(t, rcpts[0].Acknowledged)
	require.True(t, rcpts[1].Expired)

	require.NoError(t, c.Inject(ctx, pushovertest.Fault{Kind: pushovertest.Fault504, Endpoint: "limits", Count: 1}))
	require.Equal(t, 504, get(t, s, "apps/limits.json?token="+pushovertest.DemoToken).code)
	require.ErrorContains(t, c.Inject(ctx, pushovertest.Fault{Kind: "nope"}), "unknown fault kind")
	require.NoError(t, c.SetFailureRate(ctx, pushovertest.FaultEmpty, 1))
	require.Empty(t, get(t, s, "apps/limits.json?token="+pushovertest.DemoToken).body)
	require.Error(t, c.SetFailureRate(ctx, pushovertest.FaultEmpty, 2))

	require.NoError(t, c.SetLatency(ctx, time.Millisecond))
	require.NoError(t, c.Reset(ctx))
	require.Equal(t, 200, get(t, s, "apps/limits.json?token="+pushovertest.DemoToken).code, "reset drops failure rates")
	stats, err = c.Stats(ctx)
	require.NoError(t, err)
	require.Equal(t, 1, stats.Requests)
	require.Equal(t, 50, stats.QuotaRemaining)

	root := &pushovertest.Control{BaseURL: s.RootURL(), HTTPClient: http.DefaultClient}
	_, err = root.Stats(ctx)
	require.NoError(t, err)
}

func TestControlErrors(t *testing.T) {
	s := newDemo(t)
	for _, tt := range []struct{ method, path, body string }{
		{http.MethodPost, "advance", `{"duration":"soon"}`},
		{http.MethodPost, "advance", `{"bogus":1}`},
		{http.MethodPost, "inject", `{"kind":"500","endpoint":"nope"}`},
		{http.MethodPost, "failure-rate", `{"kind":"nope","fraction":0.5}`},
	} {
		req, err := http.NewRequest(tt.method, s.RootURL()+"/_fake/"+tt.path, strings.NewReader(tt.body))
		require.NoError(t, err)
		a := do(t, req)
		require.Equal(t, http.StatusBadRequest, a.code, tt.path+" "+tt.body)
		require.Contains(t, a.body, `"error"`)
	}
	req, err := http.NewRequest(http.MethodPost, s.RootURL()+"/_fake/advance", strings.NewReader(`{"duration":60000000000}`))
	require.NoError(t, err)
	before := s.Now()
	require.Equal(t, 200, do(t, req).code)
	require.Equal(t, time.Minute, s.Now().Sub(before))
	for _, p := range []string{"/_fake/nope", "/elsewhere"} {
		resp, err := http.Get(s.RootURL() + p)
		require.NoError(t, err)
		resp.Body.Close()
		require.Equal(t, http.StatusNotFound, resp.StatusCode)
	}
}

// TestHandlerMountedUnderPrefix embeds the fake in another server's mux.
func TestHandlerMountedUnderPrefix(t *testing.T) {
	s := newDemo(t)
	mux := http.NewServeMux()
	mux.Handle("/pushover/", http.StripPrefix("/pushover", s.Handler()))
	rec := httptest.NewRecorder()
	mux.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/pushover/1/sounds.json?token="+pushovertest.DemoToken, nil))
	require.Equal(t, http.StatusOK, rec.Code)
	require.Contains(t, rec.Body.String(), `"status":1`)
}
