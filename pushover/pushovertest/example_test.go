package pushovertest_test

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// ExampleNewServer starts the fake, sends it a message the way any client
// would, and inspects what it recorded.
func ExampleNewServer() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()

	form := url.Values{"token": {pushovertest.DemoToken}, "user": {pushovertest.DemoUser}, "message": {"hello"}}
	resp, err := http.Post(fake.URL+"messages.json", "application/x-www-form-urlencoded", strings.NewReader(form.Encode()))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()

	fmt.Println(resp.StatusCode, resp.Header.Get("X-Limit-App-Remaining"))
	m := fake.Messages()[0]
	fmt.Println(m.Message, m.Deliveries[0].Devices)
	// Output:
	// 200 9999
	// hello [phone tablet]
}

// ExampleServer_Inject makes the next message fail the way Pushover did
// during its 2019 outage.
func ExampleServer_Inject() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()
	fake.Inject(pushovertest.Fault{Kind: pushovertest.Fault502, Endpoint: "messages"})

	resp, err := http.Post(fake.URL+"messages.json", "application/x-www-form-urlencoded", nil)
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode, resp.Header.Get("Content-Type"))
	// Output: 502 text/html; charset=utf-8
}

// ExampleControl drives a fake from another process, here the same one.
func ExampleControl() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()
	ctx := context.Background()

	ctl := &pushovertest.Control{BaseURL: fake.URL}
	if err := ctl.SetQuota(ctx, 100, 0); err != nil {
		panic(err)
	}
	if err := ctl.Advance(ctx, 45*24*time.Hour); err != nil { // past the monthly reset
		panic(err)
	}
	stats, err := ctl.Stats(ctx)
	if err != nil {
		panic(err)
	}
	fmt.Println(stats.QuotaLimit, stats.QuotaRemaining)
	// Output: 100 100
}
