package pushovertest_test

import (
	"context"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func TestFaults(t *testing.T) {
	tests := []struct {
		kind        pushovertest.FaultKind
		code        int
		contentType string
		body        string // a substring
		limits      bool
	}{
		{pushovertest.Fault500, 500, "text/html", "<html>", false},
		{pushovertest.Fault502, 502, "text/html", "502 Bad Gateway", false},
		{pushovertest.Fault503, 503, "text/html", "<html>", false},
		{pushovertest.Fault504, 504, "text/html", "<html>", false},
		{pushovertest.Fault503JSON, 503, "application/json", `"status":0`, false},
		{pushovertest.FaultStatus0, 200, "application/json", `"status":0`, false},
		{pushovertest.FaultNoLimits, 200, "application/json", `"status":1`, false},
		{pushovertest.FaultMalformed, 200, "application/json", `{"status":1,"request":`, false},
		{pushovertest.FaultEmpty, 200, "application/json", "", false},
		{pushovertest.Fault429, 429, "application/json", "monthly message limit", true},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s := newDemo(t)
			s.Inject(pushovertest.Fault{Kind: tt.kind, Endpoint: "messages"})
			require.Equal(t, 200, get(t, s, "sounds.json?token="+pushovertest.DemoToken).code, "other endpoints unaffected")
			a := postForm(t, s, "messages.json", demo())
			require.Equal(t, tt.code, a.code)
			require.Contains(t, a.header.Get("Content-Type"), tt.contentType)
			require.Contains(t, a.body, tt.body)
			require.Equal(t, tt.limits, a.header.Get("X-Limit-App-Limit") != "")
			require.Equal(t, tt.kind, s.Requests()[1].Fault)
			require.Equal(t, tt.code, s.Requests()[1].Status)
			require.Equal(t, tt.kind == pushovertest.FaultNoLimits, len(s.Messages()) == 1, "only nolimits accepts the message")
			a = postForm(t, s, "messages.json", demo())
			require.Equal(t, 200, a.code, "one fault by default")
		})
	}
}

func TestFaultCount(t *testing.T) {
	s := newDemo(t)
	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault502, Count: 2})
	require.Equal(t, 502, get(t, s, "sounds.json?token="+pushovertest.DemoToken).code)
	require.Equal(t, 502, postForm(t, s, "messages.json", demo()).code)
	require.Equal(t, 200, postForm(t, s, "messages.json", demo()).code)
	require.Panics(t, func() { s.Inject(pushovertest.Fault{Kind: "bogus"}) })
	require.Panics(t, func() { s.Inject(pushovertest.Fault{Kind: pushovertest.Fault500, Endpoint: "bogus"}) })
}

func TestSlowHangClose(t *testing.T) {
	s := newDemo(t)
	hc := &http.Client{}
	send := func(timeout time.Duration) error {
		ctx, cancel := context.WithTimeout(context.Background(), timeout)
		defer cancel()
		req, err := http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"messages.json", strings.NewReader(demo().Encode()))
		require.NoError(t, err)
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		resp, err := hc.Do(req)
		if err == nil {
			resp.Body.Close()
		}
		return err
	}
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultSlow, Delay: time.Hour})
	require.ErrorIs(t, send(50*time.Millisecond), context.DeadlineExceeded)
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultHang})
	require.ErrorIs(t, send(50*time.Millisecond), context.DeadlineExceeded)
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultClose})
	require.Error(t, send(5*time.Second))
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultSlow, Delay: time.Millisecond})
	require.NoError(t, send(5*time.Second))
	require.Len(t, s.Messages(), 1, "a slow reply is still processed")
}

func TestHangEndsOnClose(t *testing.T) {
	s := pushovertest.NewServer(pushovertest.WithDemoAccount())
	s.Inject(pushovertest.Fault{Kind: pushovertest.FaultHang})
	errc := make(chan error, 1)
	go func() {
		resp, err := http.Get(s.URL + "sounds.json?token=" + pushovertest.DemoToken)
		if err == nil {
			resp.Body.Close()
		}
		errc <- err
	}()
	require.Eventually(t, func() bool { return len(s.Requests()) == 1 }, 5*time.Second, time.Millisecond)
	s.Close()
	require.Error(t, <-errc)
}

func TestFailureRateIsSeeded(t *testing.T) {
	run := func() []int {
		s := newDemo(t, pushovertest.WithSeed(42))
		s.SetFailureRate(pushovertest.Fault503, 0.5)
		var codes []int
		for range 40 {
			codes = append(codes, get(t, s, "sounds.json?token="+pushovertest.DemoToken).code)
		}
		s.SetFailureRate(pushovertest.Fault503, 0)
		require.Equal(t, 200, get(t, s, "sounds.json?token="+pushovertest.DemoToken).code)
		return codes
	}
	a, b := run(), run()
	require.Equal(t, a, b)
	fails := 0
	for _, c := range a {
		if c == 503 {
			fails++
		}
	}
	require.InDelta(t, 20, fails, 12)
}

func TestLatencyAndConcurrency(t *testing.T) {
	s := newDemo(t, pushovertest.WithLatency(20*time.Millisecond))
	start := time.Now()
	var wg sync.WaitGroup
	for range 5 {
		wg.Go(func() { get(t, s, "sounds.json?token="+pushovertest.DemoToken) })
	}
	wg.Wait()
	require.GreaterOrEqual(t, time.Since(start), 20*time.Millisecond)
	st := s.Stats()
	require.Equal(t, 5, st.Requests)
	require.Equal(t, 0, st.InFlight)
	require.GreaterOrEqual(t, st.PeakConcurrentRequests, 1)
	require.GreaterOrEqual(t, s.ConnectionsOpened(), 1)
	require.GreaterOrEqual(t, s.PeakConnections(), 1)
	s.SetLatency(0)
}
