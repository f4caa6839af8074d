package pushover_test

import (
	"context"
	"errors"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestClassification sends one message into each fault and checks the error class.
func TestClassification(t *testing.T) {
	tests := []struct {
		kind      pushovertest.FaultKind
		class     string // "temporary", "api", "quota", "ok"
		code      int
		deadline  bool // errors.Is(err, context.DeadlineExceeded)
		attemptTO time.Duration
	}{
		{kind: pushovertest.Fault500, class: "temporary", code: 500},
		{kind: pushovertest.Fault502, class: "temporary", code: 502},
		{kind: pushovertest.Fault503, class: "temporary", code: 503},
		{kind: pushovertest.Fault504, class: "temporary", code: 504},
		{kind: pushovertest.Fault503JSON, class: "temporary", code: 503},
		{kind: pushovertest.FaultMalformed, class: "temporary", code: 200},
		{kind: pushovertest.FaultEmpty, class: "temporary", code: 200},
		{kind: pushovertest.FaultClose, class: "temporary", code: 0},
		{kind: pushovertest.FaultHang, class: "temporary", code: 0, deadline: true, attemptTO: 50 * time.Millisecond},
		{kind: pushovertest.FaultSlow, class: "temporary", code: 0, deadline: true, attemptTO: 50 * time.Millisecond},
		{kind: pushovertest.FaultStatus0, class: "api", code: 200},
		{kind: pushovertest.Fault429, class: "quota", code: 429},
		{kind: pushovertest.FaultNoLimits, class: "ok", code: 200},
	}
	for _, tt := range tests {
		t.Run(string(tt.kind), func(t *testing.T) {
			s := newFake(t)
			obs := &observer{}
			c := newClient(t, s, pushover.WithObserver(obs), pushover.WithAttemptTimeout(tt.attemptTO))
			s.Inject(pushovertest.Fault{Kind: tt.kind, Delay: time.Hour})
			resp, err := c.Send(context.Background(), hello())
			require.Equal(t, []int{tt.code}, obs.codes[:1], "observed once")
			switch tt.class {
			case "ok":
				require.NoError(t, err, "missing quota headers never fail an accepted send")
				require.Nil(t, resp.Limits)
				require.Empty(t, obs.limits)
				return
			case "temporary":
				var te *pushover.TemporaryError
				require.ErrorAs(t, err, &te)
				require.Equal(t, tt.code, te.StatusCode)
				require.Equal(t, "messages", te.Endpoint)
				require.True(t, pushover.IsRetryable(err))
				require.NotNil(t, errors.Unwrap(err))
			case "api":
				var ae *pushover.APIError
				require.ErrorAs(t, err, &ae)
				require.Equal(t, tt.code, ae.StatusCode)
				require.Equal(t, []string{"injected failure with status 0"}, ae.Errors)
				require.NotEmpty(t, ae.Request)
				require.False(t, pushover.IsRetryable(err))
			case "quota":
				var qe *pushover.QuotaError
				require.ErrorAs(t, err, &qe)
				require.Equal(t, pushover.NextQuotaReset(s.Now()).Unix(), qe.Reset.Unix())
				require.NotNil(t, qe.Limits)
				require.Equal(t, 0, qe.Limits.Remaining)
				require.False(t, pushover.IsRetryable(err))
				require.Len(t, obs.limits, 1)
			}
			require.Equal(t, tt.deadline, errors.Is(err, context.DeadlineExceeded))
		})
	}
}

func TestAPIErrorCarriesDetails(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	m := hello()
	m.Users = []string{"uUnknownXXXXXXXXXXXXXXXXXXXXXX"}
	_, err := c.Send(context.Background(), m)
	var ae *pushover.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, http.StatusBadRequest, ae.StatusCode)
	require.Equal(t, map[string]string{"user": "invalid"}, ae.Fields)
	require.Equal(t, []string{"user identifier is not a valid user, group, or subscribed user key"}, ae.Errors)
	require.Regexp(t, `^[0-9a-f-]{36}$`, ae.Request)
	require.Equal(t, "pushover: messages: refused with HTTP 400: user identifier is not a valid user, group, or subscribed user key", err.Error())

	// The fake is stricter than the client: an over-length field it rejects.
	c2, err := pushover.NewClient("aUnknownAppXXXXXXXXXXXXXXXXXXX", pushover.WithBaseURL(s.URL))
	require.NoError(t, err)
	_, err = c2.Sounds(context.Background())
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "invalid", ae.Fields["token"])
}

func TestQuotaResetComputedWithoutHeaders(t *testing.T) {
	s := newFake(t, pushovertest.WithoutQuotaHeadersOn429())
	s.SetQuota(10, 0)
	clock := newFakeClock()
	c := newClient(t, s, clockOptions(clock)...)
	_, err := c.Send(context.Background(), hello())
	var qe *pushover.QuotaError
	require.ErrorAs(t, err, &qe)
	require.Nil(t, qe.Limits)
	require.Equal(t, time.Date(2026, 6, 1, 5, 0, 0, 0, time.UTC), qe.Reset.UTC(), "midnight CDT")
	require.Contains(t, err.Error(), "2026-06-01T05:00:00Z")
	_, err = c.Send(context.Background(), hello())
	require.ErrorAs(t, err, &qe)
	require.Empty(t, clock.Slept(), "a 429 starts no pause")
}

func TestNextQuotaReset(t *testing.T) {
	for _, tt := range []struct{ now, want time.Time }{
		{time.Date(2026, 1, 15, 0, 0, 0, 0, time.UTC), time.Date(2026, 2, 1, 6, 0, 0, 0, time.UTC)},
		{time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), time.Date(2027, 1, 1, 6, 0, 0, 0, time.UTC)},
		{time.Date(2026, 3, 1, 5, 59, 0, 0, time.UTC), time.Date(2026, 3, 1, 6, 0, 0, 0, time.UTC)},
		{time.Date(2026, 7, 1, 5, 0, 0, 0, time.UTC), time.Date(2026, 8, 1, 5, 0, 0, 0, time.UTC)},
		{time.Unix(1393653600-3600, 0), time.Unix(1393653600, 0)}, // the docs' example reset
	} {
		require.Equal(t, tt.want.Unix(), pushover.NextQuotaReset(tt.now).Unix(), tt.now.String())
	}
}

func TestObserver(t *testing.T) {
	ctx := context.Background()
	s := newFake(t)
	obs := &observer{}
	c := newClient(t, s, pushover.WithObserver(obs))
	resp, err := c.Send(ctx, emergency())
	require.NoError(t, err)
	_, err = c.Receipt(ctx, resp.Receipt)
	require.NoError(t, err)
	require.NoError(t, c.Cancel(ctx, resp.Receipt))
	_, err = c.CancelByTag(ctx, "x")
	require.NoError(t, err)
	_, err = c.Validate(ctx, user, "")
	require.NoError(t, err)
	_, err = c.Sounds(ctx)
	require.NoError(t, err)
	_, err = c.Limits(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"messages", "receipt", "cancel", "cancel_by_tag", "validate", "sounds", "limits"}, obs.requests)
	require.Equal(t, []int{200, 200, 200, 200, 200, 200, 200}, obs.codes)
	require.Equal(t, []pushover.Limits{*resp.Limits}, obs.limits)
}

func TestMalformedEndpointBodies(t *testing.T) {
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("X-Limit-App-Limit", "nope")
		w.Header().Set("X-Limit-App-Remaining", "5")
		switch r.URL.Path {
		case "/1/messages.json":
			_, _ = w.Write([]byte(`{"status":"1","request":"r1"}`))
		case "/1/sounds.json":
			_, _ = w.Write([]byte(`{"status":1,"sounds":["not","a","map"]}`))
		default:
			w.WriteHeader(http.StatusCreated)
		}
	})
	base := pushovertestServer(t, h)
	c, err := pushover.NewClient(token, pushover.WithBaseURL(base+"/1/"), pushover.WithSleep(func(context.Context, time.Duration) error { return nil }))
	require.NoError(t, err)
	resp, err := c.Send(context.Background(), hello())
	require.NoError(t, err, "a string status and bad limit headers are tolerated")
	require.Nil(t, resp.Limits)
	require.Equal(t, "r1", resp.Request)
	_, err = c.Sounds(context.Background())
	require.True(t, pushover.IsRetryable(err))
	_, err = c.Limits(context.Background())
	var te *pushover.TemporaryError
	require.ErrorAs(t, err, &te)
	require.Equal(t, http.StatusCreated, te.StatusCode)
}
