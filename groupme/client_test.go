package groupme_test

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// TestClientAgainstFake is the client's side of the conformance: what it
// sends is what the fake (and GroupMe's documentation) accepts.
func TestClientAgainstFake(t *testing.T) {
	s, c := newPair(t)
	ctx := context.Background()
	u, err := c.UploadImage(ctx, chartPNG(t))
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(u, s.RootURL()+"/i/4x3.png."), u)
	text := strings.Repeat("ü", groupme.MaxTextRunes)
	require.NoError(t, c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: text, PictureURL: u}))
	posts := s.Posts()
	require.Len(t, posts, 1)
	require.Equal(t, text, posts[0].Text)
	require.Equal(t, u, posts[0].PictureURL)
	require.Equal(t, "test/1", posts[0].UserAgent)
	pics := s.Pictures()
	require.Equal(t, groupme.UploadContentType, pics[0].ContentType)
}

func TestAccepted202(t *testing.T) {
	s, c := newPair(t, groupmetest.WithPostStatus(http.StatusAccepted))
	require.NoError(t, c.Post(context.Background(), groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"}))
	require.Len(t, s.Posts(), 1)
}

// TestErrorClasses: every fault maps to one class, and no error text
// holds the bot id or the access token.
func TestErrorClasses(t *testing.T) {
	for _, tc := range []struct {
		kind     groupmetest.FaultKind
		endpoint string
		class    error
		status   int
	}{
		{groupmetest.Fault500, groupmetest.EndpointPost, groupme.ErrTemporary, 500},
		{groupmetest.Fault502, groupmetest.EndpointPost, groupme.ErrTemporary, 502},
		{groupmetest.Fault503, groupmetest.EndpointPost, groupme.ErrTemporary, 503},
		{groupmetest.Fault503JSON, groupmetest.EndpointPictures, groupme.ErrTemporary, 503},
		{groupmetest.FaultClose, groupmetest.EndpointPost, groupme.ErrTemporary, 0},
		{groupmetest.Fault400, groupmetest.EndpointPost, groupme.ErrPermanent, 400},
		{groupmetest.Fault404, groupmetest.EndpointPost, groupme.ErrPermanent, 404},
		{groupmetest.Fault401, groupmetest.EndpointPictures, groupme.ErrPermanent, 401},
		{groupmetest.Fault420, groupmetest.EndpointPost, groupme.ErrRateLimited, 420},
		{groupmetest.Fault429, groupmetest.EndpointPictures, groupme.ErrRateLimited, 429},
		{groupmetest.FaultMalformed, groupmetest.EndpointPictures, groupme.ErrTemporary, 200},
		{groupmetest.FaultEmpty, groupmetest.EndpointPictures, groupme.ErrTemporary, 200},
	} {
		t.Run(string(tc.kind)+"/"+tc.endpoint, func(t *testing.T) {
			s, c := newPair(t)
			s.Inject(groupmetest.Fault{Kind: tc.kind, Endpoint: tc.endpoint})
			err := call(t, c, tc.endpoint)
			require.ErrorIs(t, err, tc.class)
			require.Equal(t, tc.class != groupme.ErrPermanent, groupme.IsRetryable(err))
			require.Equal(t, tc.class == groupme.ErrPermanent, groupme.IsPermanent(err))
			require.NotContains(t, err.Error(), groupmetest.DemoBotID)
			require.NotContains(t, err.Error(), groupmetest.DemoAccessToken)
			require.Equal(t, tc.status, statusOf(err))
		})
	}
}

func call(t *testing.T, c *groupme.Client, endpoint string) error {
	t.Helper()
	if endpoint == groupmetest.EndpointPictures {
		_, err := c.UploadImage(context.Background(), chartPNG(t))
		return err
	}
	return c.Post(context.Background(), groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
}

func statusOf(err error) int {
	var a *groupme.APIError
	var r *groupme.RateLimitedError
	var tmp *groupme.TemporaryError
	switch {
	case errors.As(err, &a):
		return a.StatusCode
	case errors.As(err, &r):
		return r.StatusCode
	case errors.As(err, &tmp):
		return tmp.StatusCode
	}
	return -1
}

func TestRateLimitedRetryAfter(t *testing.T) {
	s, c := newPair(t)
	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault420, RetryAfter: 7 * time.Second})
	err := c.Post(context.Background(), groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
	var r *groupme.RateLimitedError
	require.ErrorAs(t, err, &r)
	require.Equal(t, 7*time.Second, r.RetryAfter)
	require.Equal(t, "groupme: bots_post: rate limited (HTTP 420), retry after 7s", err.Error())
}

func TestUnknownBotIsPermanent(t *testing.T) {
	_, c := newPair(t)
	err := c.Post(context.Background(), groupme.Message{BotID: "unknownbot123", Text: "x"})
	var a *groupme.APIError
	require.ErrorAs(t, err, &a)
	require.Equal(t, 404, a.StatusCode)
	require.Equal(t, []string{"Not Found"}, a.Errors)
	require.NotContains(t, err.Error(), "unknownbot123")
}

func TestTimeout(t *testing.T) {
	s, c := newPair(t)
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultHang})
	ctx, cancel := context.WithTimeout(context.Background(), 50*time.Millisecond)
	defer cancel()
	err := c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.True(t, groupme.IsRetryable(err))
	require.NotContains(t, err.Error(), s.URL, "no URL in errors")
}

func TestCanceledBeforeSending(t *testing.T) {
	s, c := newPair(t)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
	require.ErrorIs(t, err, context.Canceled)
	require.Empty(t, s.Requests())
}

func TestValidationSendsNothing(t *testing.T) {
	s, c := newPair(t)
	bot := groupmetest.DemoBotID
	for name, m := range map[string]groupme.Message{
		"empty text":     {BotID: bot, Text: " \n"},
		"1001 runes":     {BotID: bot, Text: strings.Repeat("ü", groupme.MaxTextRunes+1)},
		"invalid utf8":   {BotID: bot, Text: "a\xffb"},
		"bad bot id":     {BotID: "not-a-bot id", Text: "x"},
		"empty bot id":   {Text: "x"},
		"relative image": {BotID: bot, Text: "x", PictureURL: "/i/a.png"},
	} {
		err := c.Post(context.Background(), m)
		var v *groupme.ValidationError
		require.ErrorAs(t, err, &v, name)
		require.True(t, groupme.IsPermanent(err), name)
		require.NotContains(t, err.Error(), "not-a-bot", name)
	}
	_, err := c.UploadImage(context.Background(), nil)
	require.ErrorIs(t, err, groupme.ErrPermanent)
	noToken, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL))
	require.NoError(t, err)
	_, err = noToken.UploadImage(context.Background(), chartPNG(t))
	require.ErrorIs(t, err, groupme.ErrNoAccessToken)
	require.Empty(t, s.Requests())
}

// TestNoRedirects: a redirect would carry the token (or the body with the
// bot id) to another host; the client refuses it as permanent.
func TestNoRedirects(t *testing.T) {
	var leaked bool
	other := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		leaked = true
	}))
	defer other.Close()
	redirect := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, other.URL+"/pictures", http.StatusTemporaryRedirect)
	}))
	defer redirect.Close()
	c, err := groupme.NewClient(groupme.WithImageURL(redirect.URL), groupme.WithAPIURL(redirect.URL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken), groupme.WithHTTPClient(redirect.Client()))
	require.NoError(t, err)
	_, err = c.UploadImage(context.Background(), chartPNG(t))
	require.ErrorIs(t, err, groupme.ErrPermanent)
	err = c.Post(context.Background(), groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
	require.ErrorIs(t, err, groupme.ErrPermanent)
	require.Contains(t, err.Error(), "redirect")
	require.False(t, leaked)
}

func TestNewClientRejectsBadURLs(t *testing.T) {
	for _, u := range []string{"", "ftp://x/", "/v3/", "http://user:pw@host/"} {
		_, err := groupme.NewClient(groupme.WithAPIURL(u))
		require.Error(t, err, u)
		require.NotContains(t, err.Error(), "pw")
		_, err = groupme.NewClient(groupme.WithImageURL(u))
		require.Error(t, err, u)
	}
}

// TestBodiesDrainedConnectionReused: answers, error answers included, are
// read to the end and closed, so that one keep-alive connection serves
// every request.
func TestBodiesDrainedConnectionReused(t *testing.T) {
	s := groupmetest.NewUnstartedServer(groupmetest.WithDemo())
	var opened atomic.Int32
	s.Config.ConnState = func(_ net.Conn, cs http.ConnState) {
		if cs == http.StateNew {
			opened.Add(1)
		}
	}
	s.Start()
	t.Cleanup(s.Close)
	c, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken))
	require.NoError(t, err)
	ctx := context.Background()
	for i := range 6 {
		if i%2 == 1 {
			s.Inject(groupmetest.Fault{Kind: groupmetest.Fault404})
		}
		_ = c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"})
		_, _ = c.UploadImage(ctx, chartPNG(t))
	}
	require.Len(t, s.Requests(), 12)
	require.Equal(t, int32(1), opened.Load())
}

// TestSlowAnswers: a slow answer within the client's timeout succeeds; one
// beyond it is a temporary failure that unwraps to DeadlineExceeded.
func TestSlowAnswers(t *testing.T) {
	s := groupmetest.New(t, groupmetest.WithDemo())
	msg := groupme.Message{BotID: groupmetest.DemoBotID, Text: "x"}
	patient, err := groupme.NewClient(groupme.WithAPIURL(s.URL)) // DefaultTimeout
	require.NoError(t, err)
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultSlow, Delay: time.Millisecond})
	require.NoError(t, patient.Post(context.Background(), msg))

	hasty, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithTimeout(50*time.Millisecond))
	require.NoError(t, err)
	s.Inject(groupmetest.Fault{Kind: groupmetest.FaultSlow, Delay: time.Hour})
	err = hasty.Post(context.Background(), msg)
	require.ErrorIs(t, err, context.DeadlineExceeded)
	require.True(t, groupme.IsRetryable(err))
	require.Len(t, s.Posts(), 1)
}
