package amclient_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/amclient/amclienttest"
)

var alertLabels = map[string]string{"alertname": "DiskFull", "instance": "db-1:9100", "severity": "critical"}

func newSilence(now time.Time, d time.Duration) amclient.Silence {
	return amclient.Silence{Matchers: amclient.ExactMatchers(alertLabels), StartsAt: now, EndsAt: now.Add(d),
		CreatedBy: "alice", Comment: "test"}
}

func TestCreateListExpire(t *testing.T) {
	am := amclienttest.NewServer(t)
	c, err := amclient.New(am.URL+"/", "s3cret", nil, time.Second)
	require.NoError(t, err)
	ctx := context.Background()
	id, err := c.Create(ctx, newSilence(time.Now(), time.Hour))
	require.NoError(t, err)
	got, err := c.Silences(ctx, amclient.ExactMatchers(map[string]string{"alertname": "DiskFull"}))
	require.NoError(t, err)
	require.Len(t, got, 1)
	require.Equal(t, id, got[0].ID)
	require.True(t, got[0].Active())
	require.True(t, amclient.SameMatchers(amclient.ExactMatchers(alertLabels), got[0].Matchers))
	require.NoError(t, c.Expire(ctx, id))
	require.False(t, am.Silences()[0].Active())
	require.ErrorIs(t, c.Expire(ctx, "nope"), amclient.ErrNotFound)
	for _, a := range am.Auth() {
		require.Equal(t, "Bearer s3cret", a)
	}
}

func TestErrorsAreTypedAndCarryNoSecret(t *testing.T) {
	am := amclienttest.NewServer(t)
	c, err := amclient.New(strings.Replace(am.URL, "http://", "http://user:pa55word@", 1), "s3cret", nil, time.Second)
	require.NoError(t, err)
	for _, tc := range []struct {
		code int
		want error
	}{{http.StatusBadRequest, amclient.ErrRefused}, {http.StatusInternalServerError, amclient.ErrUnavailable},
		{http.StatusTooManyRequests, amclient.ErrUnavailable}, {http.StatusNotFound, amclient.ErrNotFound}} {
		am.Fail(tc.code)
		_, err := c.Silences(context.Background(), nil)
		require.ErrorIs(t, err, tc.want, "HTTP %d", tc.code)
		var e *amclient.Error
		require.True(t, errors.As(err, &e))
		require.Equal(t, tc.code, e.Status)
		require.NotContains(t, err.Error(), "pa55word")
		require.NotContains(t, err.Error(), "s3cret")
	}
}

func TestUnreachableAndTimeout(t *testing.T) {
	block := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { <-block }))
	t.Cleanup(srv.Close)
	t.Cleanup(func() { close(block) })
	c, err := amclient.New("http://user:pa55word@"+srv.Listener.Addr().String(), "", nil, 50*time.Millisecond)
	require.NoError(t, err)
	_, err = c.Create(context.Background(), newSilence(time.Now(), time.Hour))
	require.ErrorIs(t, err, amclient.ErrUnavailable)
	require.Contains(t, err.Error(), "timed out")
	require.NotContains(t, err.Error(), "pa55word")

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, err = amclient.New(closed.URL, "", nil, time.Second)
	require.NoError(t, err)
	require.ErrorIs(t, c.Expire(context.Background(), "x"), amclient.ErrUnavailable)
}

func TestBadAnswer(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) { _, _ = w.Write([]byte("<html>")) }))
	t.Cleanup(srv.Close)
	c, err := amclient.New(srv.URL, "", nil, time.Second)
	require.NoError(t, err)
	_, err = c.Silences(context.Background(), nil)
	require.ErrorIs(t, err, amclient.ErrBadAnswer)
	_, err = c.Create(context.Background(), newSilence(time.Now(), time.Hour))
	require.ErrorIs(t, err, amclient.ErrBadAnswer)
}

func TestNewRejectsBadURL(t *testing.T) {
	for _, u := range []string{"", "localhost:9093", "ftp://am", "http://", "://"} {
		_, err := amclient.New(u, "", nil, 0)
		require.Error(t, err, u)
	}
}

func TestMatches(t *testing.T) {
	ls := map[string]string{"alertname": "DiskFull", "instance": "db-1"}
	for _, tc := range []struct {
		name string
		ms   []amclient.Matcher
		want bool
	}{
		{"equal", []amclient.Matcher{{Name: "alertname", Value: "DiskFull", IsEqual: true}}, true},
		{"not equal", []amclient.Matcher{{Name: "alertname", Value: "DiskFull"}}, false},
		{"regex anchored", []amclient.Matcher{{Name: "instance", Value: "db", IsRegex: true, IsEqual: true}}, false},
		{"regex", []amclient.Matcher{{Name: "instance", Value: "db-.*", IsRegex: true, IsEqual: true}}, true},
		{"negative regex", []amclient.Matcher{{Name: "instance", Value: "web.*", IsRegex: true}}, true},
		{"missing label is empty", []amclient.Matcher{{Name: "team", Value: "", IsEqual: true}}, true},
		{"bad regex", []amclient.Matcher{{Name: "instance", Value: "(", IsRegex: true, IsEqual: true}}, false},
		{"no matchers", nil, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, amclient.Silence{Matchers: tc.ms}.Matches(ls))
		})
	}
}
