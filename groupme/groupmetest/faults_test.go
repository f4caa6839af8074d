package groupmetest_test

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

func TestFailNext(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	body := map[string]any{"bot_id": groupmetest.DemoBotID, "text": "x"}
	s.FailNext(2, groupmetest.EndpointPost, groupmetest.Fault503)
	s.FailNext(1, groupmetest.EndpointPictures, groupmetest.Fault401) // not taken by posts
	for range 2 {
		a := postJSON(t, s.URL, body)
		require.Equal(t, 503, a.code)
		require.Contains(t, a.header.Get("Content-Type"), "text/html")
	}
	require.Equal(t, 201, postJSON(t, s.URL, body).code)
	require.Equal(t, 401, upload(t, s.ImageURL, groupmetest.DemoAccessToken, tinyPNG(t)).code)
	reqs := s.Requests()
	require.Len(t, reqs, 4)
	require.Equal(t, "503", reqs[0].Fault)
	require.Equal(t, 201, reqs[2].Status)
	require.Len(t, s.Posts(), 1, "failed posts are not recorded")
}

func TestFaultKinds(t *testing.T) {
	for _, tc := range []struct {
		kind groupmetest.FaultKind
		code int
		env  bool // answered with the error envelope
	}{
		{groupmetest.Fault500, 500, false}, {groupmetest.Fault502, 502, false},
		{groupmetest.Fault503JSON, 503, true}, {groupmetest.Fault400, 400, true},
		{groupmetest.Fault404, 404, true}, {groupmetest.Fault420, 420, true}, {groupmetest.Fault429, 429, true},
		{groupmetest.FaultEmpty, 201, false}, {groupmetest.FaultMalformed, 201, false},
	} {
		t.Run(string(tc.kind), func(t *testing.T) {
			s := groupmetest.New(t, groupmetest.WithDemo())
			s.Inject(groupmetest.Fault{Kind: tc.kind, RetryAfter: 5 * time.Second})
			a := postJSON(t, s.URL, map[string]any{"bot_id": groupmetest.DemoBotID, "text": "x"})
			require.Equal(t, tc.code, a.code)
			if tc.env {
				code, _ := a.envelope(t)
				require.Equal(t, tc.code, code)
			}
			if tc.code == 420 || tc.code == 429 {
				require.Equal(t, "5", a.header.Get("Retry-After"))
			}
			require.Empty(t, s.Posts())
		})
	}
}

func TestFaultCloseAndHang(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultClose})
	req, _ := http.NewRequest(http.MethodPost, s.URL+"bots/post", nil)
	_, err := http.DefaultClient.Do(req)
	require.Error(t, err)

	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultHang})
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	req, _ = http.NewRequestWithContext(ctx, http.MethodPost, s.URL+"bots/post", nil)
	go func() { _, err := http.DefaultClient.Do(req); done <- err }()
	require.Eventually(t, func() bool { return s.QueuedFaults() == 0 }, 5*time.Second, 5*time.Millisecond) // the hang was taken
	cancel()
	require.ErrorIs(t, <-done, context.Canceled)
	require.Eventually(t, func() bool { return len(s.Requests()) == 2 }, 5*time.Second, 5*time.Millisecond)
	require.Equal(t, 0, s.Requests()[1].Status)
}

func TestInjectRejectsUnknown(t *testing.T) {
	s := groupmetest.New(t)
	require.Panics(t, func() { s.Inject(groupmetest.Fault{Kind: "nope"}) })
	require.Panics(t, func() { s.Inject(groupmetest.Fault{Kind: groupmetest.Fault500, Endpoint: "nope"}) })
}
