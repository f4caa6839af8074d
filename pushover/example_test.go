package pushover_test

import (
	"context"
	"fmt"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// ExampleNewClient builds a client against the fake Pushover and checks a
// user key, as the bridge does at start-up.
func ExampleNewClient() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()

	client, err := pushover.NewClient(pushovertest.DemoToken,
		pushover.WithBaseURL(fake.URL), // omit for https://api.pushover.net/1/
		pushover.WithUserAgent("alertmanager-pushover/0.1.0"),
	)
	if err != nil {
		panic(err)
	}
	v, err := client.Validate(context.Background(), pushovertest.DemoUser, "")
	if err != nil {
		panic(err)
	}
	fmt.Println("devices:", v.Devices)
	// Output: devices: [phone tablet]
}

// ExampleClient_Send sends a message, fitted to Pushover's limits first.
func ExampleClient_Send() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL))
	if err != nil {
		panic(err)
	}

	m := &pushover.Message{
		Users:    []string{pushovertest.DemoUser},
		Title:    "[FIRING:1] DiskFull",
		Message:  "sda1 on db-1 is 99% full",
		URL:      "https://alertmanager.example/#/alerts",
		URLTitle: "Alertmanager",
		Priority: pushover.PriorityHigh,
	}
	m.Truncate() // long alert groups are cut in runes, never mid-character
	resp, err := client.Send(context.Background(), m)
	if err != nil {
		panic(err)
	}
	fmt.Println("quota remaining:", resp.Limits.Remaining)
	fmt.Println("delivered:", fake.Messages()[0].Message)
	// Output:
	// quota remaining: 9999
	// delivered: sda1 on db-1 is 99% full
}

// ExampleClient_CancelByTag stops an emergency message when its alert resolves.
func ExampleClient_CancelByTag() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL))
	if err != nil {
		panic(err)
	}
	ctx := context.Background()

	resp, err := client.Send(ctx, &pushover.Message{
		Users:    []string{pushovertest.DemoUser},
		Message:  "db-1 is down",
		Priority: pushover.PriorityEmergency,
		Retry:    time.Minute,
		Expire:   time.Hour,
		Tags:     []string{"group-3f2a"},
	})
	if err != nil {
		panic(err)
	}

	// Later, Alertmanager says the group resolved.
	n, err := client.CancelByTag(ctx, "group-3f2a")
	if err != nil {
		panic(err)
	}
	r, err := client.Receipt(ctx, resp.Receipt)
	if err != nil {
		panic(err)
	}
	fmt.Println("canceled:", n, "expired:", r.Expired)
	// Output: canceled: 1 expired: true
}

// ExampleIsRetryable shows how a caller tells a passing failure from a refusal.
func ExampleIsRetryable() {
	fake := pushovertest.NewServer(pushovertest.WithDemoAccount())
	defer fake.Close()
	client, err := pushover.NewClient(pushovertest.DemoToken, pushover.WithBaseURL(fake.URL))
	if err != nil {
		panic(err)
	}
	fake.Inject(pushovertest.Fault{Kind: pushovertest.Fault503})
	_, err = client.Send(context.Background(), &pushover.Message{Users: []string{pushovertest.DemoUser}, Message: "hi"})
	fmt.Println(pushover.IsRetryable(err), err)
	// Output: true pushover: messages: temporary failure (HTTP 503): unexpected HTTP status 503
}

func ExampleTruncateRunes() {
	s, cut := pushover.TruncateRunes("Größenänderung", 6)
	fmt.Println(s, cut)
	// Output: Größe… true
}

func ExampleParsePriority() {
	p, _ := pushover.ParsePriority("emergency")
	fmt.Println(int(p), p)
	// Output: 2 emergency
}
