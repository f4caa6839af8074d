package pushovertest_test

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

func sendEmergency(t *testing.T, s *pushovertest.Server, extra ...string) string {
	t.Helper()
	a := postForm(t, s, "messages.json", demo(append([]string{"priority", "2", "retry", "30", "expire", "3600"}, extra...)...))
	require.Equal(t, 200, a.code, a.body)
	msgs := s.Messages()
	return msgs[len(msgs)-1].Receipt
}

func TestReceiptEngine(t *testing.T) {
	s := newDemo(t)
	id := sendEmergency(t, s)
	r, ok := s.Receipt(id)
	require.True(t, ok)
	require.Equal(t, 0, r.RetriesDone)
	require.Equal(t, r.CreatedAt, r.LastDeliveredAt)
	s.Advance(95 * time.Second)
	r, _ = s.Receipt(id)
	require.Equal(t, 3, r.RetriesDone)
	require.Equal(t, r.CreatedAt.Add(90*time.Second), r.LastDeliveredAt)
	require.False(t, r.Expired)
	s.Advance(time.Hour)
	r, _ = s.Receipt(id)
	require.Equal(t, 50, r.RetriesDone, "at most 50 retries")
	require.True(t, r.Expired)
	s.Advance(7 * 24 * time.Hour)
	a := get(t, s, "receipts/"+id+".json?token="+pushovertest.DemoToken)
	require.Equal(t, `{"receipt":"not found","errors":["receipt not found; may be invalid or expired"],"status":0,"request":"R"}`, a.normalized())
}

func TestCancelReceipt(t *testing.T) {
	s := newDemo(t)
	s.AddApp("aOtherAppXXXXXXXXXXXXXXXXXXXXX", "Other")
	id := sendEmergency(t, s)
	form := url.Values{"token": {pushovertest.DemoToken}}
	other := url.Values{"token": {"aOtherAppXXXXXXXXXXXXXXXXXXXXX"}}
	require.Equal(t, 400, postForm(t, s, "receipts/"+id+"/cancel.json", other).code, "another app's receipt")
	require.Equal(t, 400, postForm(t, s, "receipts/"+id+"/cancel.json", url.Values{}).code, "no token")
	require.Equal(t, `{"status":1,"request":"R"}`, postForm(t, s, "receipts/"+id+"/cancel.json", form).normalized())
	r, _ := s.Receipt(id)
	require.True(t, r.Canceled)
	require.True(t, r.Expired)
	require.Equal(t, 200, postForm(t, s, "receipts/"+id+"/cancel.json", form).code, "twice is fine")
	require.Equal(t, 400, postForm(t, s, "receipts/ABCDEFGHIJKLMNOPQRSTUVWXYZ0123/cancel.json", form).code)
	require.ErrorIs(t, s.Ack(id, pushovertest.DemoUser, "phone"), pushovertest.ErrReceiptInactive)
	require.ErrorIs(t, s.Ack("nope", pushovertest.DemoUser, "phone"), pushovertest.ErrReceiptNotFound)
}

func TestCancelByTagEscapedAndScoped(t *testing.T) {
	s := newDemo(t)
	s.AddApp("aOtherAppXXXXXXXXXXXXXXXXXXXXX", "Other")
	sendEmergency(t, s, "tags", "a/b,x")
	sendEmergency(t, s, "tags", "a/b")
	form := url.Values{"token": {"aOtherAppXXXXXXXXXXXXXXXXXXXXX"}}
	require.Contains(t, postForm(t, s, "receipts/cancel_by_tag/a%2Fb.json", form).body, `"canceled":0`)
	form.Set("token", pushovertest.DemoToken)
	require.Contains(t, postForm(t, s, "receipts/cancel_by_tag/a%2Fb.json", form).body, `"canceled":2`)
	require.Equal(t, "cancel_by_tag", s.Requests()[len(s.Requests())-1].Endpoint)
}

func TestAckWithCallback(t *testing.T) {
	got := make(chan url.Values, 2)
	var fail atomic.Bool
	fail.Store(true)
	cb := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		got <- r.PostForm
		if fail.Load() {
			w.WriteHeader(http.StatusInternalServerError)
		}
	}))
	defer cb.Close()
	s := newDemo(t)
	id := sendEmergency(t, s, "callback", cb.URL+"/ack")
	require.NoError(t, s.Ack(id, pushovertest.DemoUser, "phone"))
	form := <-got
	require.Equal(t, id, form.Get("receipt"))
	require.Equal(t, "1", form.Get("acknowledged"))
	require.Equal(t, pushovertest.DemoUser, form.Get("acknowledged_by"))
	require.Equal(t, "phone", form.Get("acknowledged_by_device"))
	r, _ := s.Receipt(id)
	require.True(t, r.Acknowledged)
	require.False(t, r.CalledBack, "the callback answered 500")
	fail.Store(false)
	s.Advance(30 * time.Second)
	require.Empty(t, got, "no retry before a minute")
	s.Advance(30 * time.Second)
	<-got
	r, _ = s.Receipt(id)
	require.True(t, r.CalledBack)
	a := get(t, s, "receipts/"+id+".json?token="+pushovertest.DemoToken)
	require.Contains(t, a.body, `"acknowledged":1`)
	require.Contains(t, a.body, `"called_back":1`)
	require.Contains(t, a.body, `"acknowledged_by_device":"phone"`)
	require.Contains(t, a.body, `"expired":0`)
}

func TestPollsTooSoonAreCounted(t *testing.T) {
	s := newDemo(t)
	id := sendEmergency(t, s)
	get(t, s, "receipts/"+id+".json?token="+pushovertest.DemoToken)
	get(t, s, "receipts/"+id+".json?token="+pushovertest.DemoToken)
	s.Advance(5 * time.Second)
	get(t, s, "receipts/"+id+".json?token="+pushovertest.DemoToken)
	r, _ := s.Receipt(id)
	require.Equal(t, 1, r.PollsTooSoon)
}
