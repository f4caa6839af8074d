package pushover_test

import (
	"context"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func TestNewClient(t *testing.T) {
	_, err := pushover.NewClient("short")
	var ve *pushover.ValidationError
	require.ErrorAs(t, err, &ve)
	require.Equal(t, "token", ve.Field)
	require.NotContains(t, err.Error(), "short")
	for _, u := range []string{"ftp://x/", "/relative", "http://"} {
		_, err = pushover.NewClient(token, pushover.WithBaseURL(u))
		require.Error(t, err, u)
	}
	c, err := pushover.NewClient(token, pushover.WithHTTPClient(nil), pushover.WithMaxAttempts(0))
	require.NoError(t, err)
	_, err = c.WithToken("bad")
	require.Error(t, err)
}

// TestSendEveryParameter checks what reaches Pushover for every field.
func TestSendEveryParameter(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s, pushover.WithUserAgent("alertmanager-pushover/1.2.3"))
	m := &pushover.Message{
		Users: []string{user, group}, Devices: []string{"phone", "tablet"}, Title: "Disk full", Message: "<b>sda</b> 99%",
		URL: "https://grafana.example/d/1", URLTitle: "Dashboard", HTML: true, Priority: pushover.PriorityEmergency,
		Sound: "siren", Timestamp: time.Unix(1700000000, 0), TTL: 1500 * time.Millisecond, Retry: 90 * time.Second,
		Expire: 2 * time.Hour, Callback: "https://bridge.example/callback", Tags: []string{"am-group-1", "rule_2"},
	}
	resp, err := c.Send(context.Background(), m)
	require.NoError(t, err)
	require.Regexp(t, `^[A-Za-z0-9]{30}$`, resp.Receipt)
	require.NotEmpty(t, resp.Request)
	require.Equal(t, &pushover.Limits{Limit: 10000, Remaining: 9998, Reset: resp.Limits.Reset}, resp.Limits)
	require.False(t, resp.Limits.Reset.IsZero())

	req := s.Requests()[0]
	require.Equal(t, http.MethodPost, req.Method)
	require.Equal(t, "/1/messages.json", req.Path)
	require.Empty(t, req.Query, "no parameter in the URL of a POST")
	require.Equal(t, "application/x-www-form-urlencoded", req.ContentType)
	require.Equal(t, "alertmanager-pushover/1.2.3", req.UserAgent)
	require.Equal(t, map[string]string{
		"token": token, "user": user + "," + group, "device": "phone,tablet", "title": "Disk full",
		"message": "<b>sda</b> 99%", "url": "https://grafana.example/d/1", "url_title": "Dashboard", "html": "1",
		"priority": "2", "sound": "siren", "timestamp": "1700000000", "ttl": "2", "retry": "90", "expire": "7200",
		"callback": "https://bridge.example/callback", "tags": "am-group-1,rule_2",
	}, req.Params)
	rc, ok := s.Receipt(resp.Receipt)
	require.True(t, ok)
	require.Equal(t, []string{"am-group-1", "rule_2"}, rc.Tags)
}

func TestSendMinimalAndMonospace(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	m := hello()
	m.Monospace, m.Priority, m.Retry, m.Tags = true, pushover.PriorityLow, time.Minute, []string{"ignored"}
	_, err := c.Send(context.Background(), m)
	require.NoError(t, err)
	req := s.Requests()[0]
	require.Equal(t, map[string]string{"token": token, "user": user, "message": "hello", "monospace": "1", "priority": "-1"}, req.Params)
	require.Equal(t, pushover.DefaultUserAgent, req.UserAgent)
}

func TestSendAttachment(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	m := hello()
	m.Attachment = &pushover.Attachment{Filename: "graph.png", ContentType: "image/png", Data: []byte("\x89PNG...")}
	_, err := c.Send(context.Background(), m)
	require.NoError(t, err)
	req := s.Requests()[0]
	require.True(t, strings.HasPrefix(req.ContentType, "multipart/form-data; boundary="))
	require.Empty(t, req.Query)
	got := s.Messages()[0]
	require.Equal(t, []byte("\x89PNG..."), got.Attachment)
	require.Equal(t, "graph.png", got.AttachmentName)
	require.Equal(t, "image/png", got.AttachmentType)
	require.Equal(t, "hello", got.Message)

	m.Attachment = &pushover.Attachment{Data: []byte{1, 2}}
	_, err = c.Send(context.Background(), m)
	require.NoError(t, err)
	require.Equal(t, "application/octet-stream", s.Messages()[1].AttachmentType)
	require.Equal(t, "attachment", s.Messages()[1].AttachmentName)
}

func TestSendRejectedLocally(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	m := hello()
	m.Message = strings.Repeat("x", 2000)
	_, err := c.Send(context.Background(), m)
	var ve *pushover.ValidationError
	require.ErrorAs(t, err, &ve)
	_, err = c.Send(context.Background(), nil)
	require.ErrorAs(t, err, &ve)
	require.Empty(t, s.Requests(), "nothing invalid is sent")
}

func TestReceiptCancelAndCancelByTag(t *testing.T) {
	ctx := context.Background()
	s := newFake(t)
	c := newClient(t, s)
	resp, err := c.Send(ctx, emergency("grp-1"))
	require.NoError(t, err)
	r, err := c.Receipt(ctx, resp.Receipt)
	require.NoError(t, err)
	require.False(t, r.Acknowledged)
	require.False(t, r.Expired)
	require.Equal(t, s.Now().Add(time.Hour).Unix(), r.ExpiresAt.Unix())
	require.Equal(t, s.Now().Unix(), r.LastDeliveredAt.Unix())
	require.True(t, r.AcknowledgedAt.IsZero())

	get := s.Requests()[1]
	require.Equal(t, http.MethodGet, get.Method)
	require.Equal(t, "/1/receipts/"+resp.Receipt+".json", get.Path)
	require.Equal(t, "token="+token, get.Query, "a GET can only carry the token in its query")

	require.NoError(t, s.Ack(resp.Receipt, user, "phone"))
	r, err = c.Receipt(ctx, resp.Receipt)
	require.NoError(t, err)
	require.True(t, r.Acknowledged)
	require.Equal(t, user, r.AcknowledgedBy)
	require.Equal(t, "phone", r.AcknowledgedByDevice)
	require.False(t, r.AcknowledgedAt.IsZero())

	second, err := c.Send(ctx, emergency("grp-1", "other"))
	require.NoError(t, err)
	require.NoError(t, c.Cancel(ctx, second.Receipt))
	cancel := s.Requests()[len(s.Requests())-1]
	require.Equal(t, "/1/receipts/"+second.Receipt+"/cancel.json", cancel.Path)
	require.Empty(t, cancel.Query)
	require.Equal(t, token, cancel.Params["token"])
	r, err = c.Receipt(ctx, second.Receipt)
	require.NoError(t, err)
	require.True(t, r.Expired)

	_, err = c.Send(ctx, emergency("grp-1"))
	require.NoError(t, err)
	_, err = c.Send(ctx, emergency("grp-1"))
	require.NoError(t, err)
	n, err := c.CancelByTag(ctx, "grp-1")
	require.NoError(t, err)
	require.Equal(t, 2, n)
	n, err = c.CancelByTag(ctx, "grp-1")
	require.NoError(t, err)
	require.Equal(t, 0, n)
	require.Equal(t, "/1/receipts/cancel_by_tag/grp-1.json", s.Requests()[len(s.Requests())-1].Path)

	var ve *pushover.ValidationError
	_, err = c.CancelByTag(ctx, "a/b")
	require.ErrorAs(t, err, &ve)
	require.ErrorAs(t, c.Cancel(ctx, "../x"), &ve)
	_, err = c.Receipt(ctx, "short")
	require.ErrorAs(t, err, &ve)

	_, err = c.Receipt(ctx, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123")
	var ae *pushover.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, map[string]string{"receipt": "not found"}, ae.Fields)
	require.Equal(t, "receipt", ae.Endpoint)
}

func TestValidateSoundsLimits(t *testing.T) {
	ctx := context.Background()
	s := newFake(t)
	s.AddSound("klaxon", "Klaxon")
	c := newClient(t, s)
	v, err := c.Validate(ctx, user, "")
	require.NoError(t, err)
	require.Equal(t, []string{"phone", "tablet"}, v.Devices)
	require.Equal(t, []string{"Android"}, v.Licenses)
	require.False(t, v.Group)
	v, err = c.Validate(ctx, group, "")
	require.NoError(t, err)
	require.True(t, v.Group)
	_, err = c.Validate(ctx, user, "tablet")
	require.NoError(t, err)
	validate := s.Requests()[2]
	require.Equal(t, map[string]string{"token": token, "user": user, "device": "tablet"}, validate.Params)
	require.Empty(t, validate.Query)

	_, err = c.Validate(ctx, user, "watch")
	var ae *pushover.APIError
	require.ErrorAs(t, err, &ae)
	require.Equal(t, http.StatusBadRequest, ae.StatusCode)
	require.Equal(t, "invalid for this user", ae.Fields["device"])
	require.Equal(t, []string{"device name is not valid for user"}, ae.Errors)
	_, err = c.Validate(ctx, "uUnknownXXXXXXXXXXXXXXXXXXXXXX", "")
	require.ErrorAs(t, err, &ae)
	require.Equal(t, "invalid", ae.Fields["user"])
	var ve *pushover.ValidationError
	_, err = c.Validate(ctx, "bad", "")
	require.ErrorAs(t, err, &ve)
	_, err = c.Validate(ctx, user, "bad device")
	require.ErrorAs(t, err, &ve)

	sounds, err := c.Sounds(ctx)
	require.NoError(t, err)
	require.Len(t, sounds, 24)
	require.Equal(t, "Klaxon", sounds["klaxon"])

	s.SetQuota(500, 123)
	l, err := c.Limits(ctx)
	require.NoError(t, err)
	require.Equal(t, 500, l.Limit)
	require.Equal(t, 123, l.Remaining)
	require.Equal(t, pushover.NextQuotaReset(s.Now()).Unix(), l.Reset.Unix())
	last := s.Requests()[len(s.Requests())-1]
	require.Equal(t, "/1/apps/limits.json", last.Path)
	require.Equal(t, "token="+token, last.Query)
}

// TestBaseURLWithPathPrefix mounts the fake deeper and drops the trailing slash.
func TestBaseURLWithPathPrefix(t *testing.T) {
	s := newFake(t)
	mux := http.NewServeMux()
	mux.Handle("/proxy/pushover/", http.StripPrefix("/proxy/pushover", s.Handler()))
	outer := pushovertestServer(t, mux)
	c, err := pushover.NewClient(token, pushover.WithBaseURL(outer+"/proxy/pushover/1"))
	require.NoError(t, err)
	_, err = c.Send(context.Background(), hello())
	require.NoError(t, err)
	_, err = c.CancelByTag(context.Background(), "x")
	require.NoError(t, err)
	require.Equal(t, "/1/receipts/cancel_by_tag/x.json", s.Requests()[1].Path)
}

func TestWithTokenSharesLimits(t *testing.T) {
	s := newFake(t)
	s.AddApp("aSecondAppXXXXXXXXXXXXXXXXXXXX", "Second")
	clock := newFakeClock()
	a := newClient(t, s, clockOptions(clock)...)
	b, err := a.WithToken("aSecondAppXXXXXXXXXXXXXXXXXXXX")
	require.NoError(t, err)
	s.Inject(pushovertest.Fault{Kind: pushovertest.Fault503})
	_, err = a.Send(context.Background(), hello())
	require.True(t, pushover.IsRetryable(err))
	_, err = b.Send(context.Background(), hello())
	require.NoError(t, err)
	require.Len(t, clock.Slept(), 1, "the copy waited out the original's pause")
	require.Equal(t, "Second", s.Messages()[0].Title)
}

func TestSendAttachmentTypes(t *testing.T) {
	s := newFake(t)
	c := newClient(t, s)
	for _, ct := range []string{"image/jpeg", "image/gif", "application/octet-stream", "image/png; charset=binary"} {
		m := hello()
		m.Attachment = &pushover.Attachment{ContentType: ct, Data: []byte{1}}
		_, err := c.Send(context.Background(), m)
		require.NoError(t, err, ct)
	}
	for _, ct := range []string{"text/plain", "application/pdf", "image/png; x=\"", "png"} {
		m := hello()
		m.Attachment = &pushover.Attachment{ContentType: ct, Data: []byte{1}}
		_, err := c.Send(context.Background(), m)
		var ve *pushover.ValidationError
		require.ErrorAs(t, err, &ve, ct)
		require.Equal(t, "attachment", ve.Field)
		require.ErrorContains(t, err, "is not an image")
	}
	require.Len(t, s.Messages(), 4, "refused before sending")
}
