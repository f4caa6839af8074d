package groupme_test

import (
	"context"
	"errors"
	"fmt"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// ExampleClient_Notify posts a rendered notification with a chart into a
// group, through the fake.
func ExampleClient_Notify() {
	s := groupmetest.NewServer(groupmetest.WithDemo())
	defer s.Close()
	c, _ := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken))

	_, err := c.Notify(context.Background(), groupmetest.DemoBotID, groupme.Notification{
		Title:     "FIRING 1 · DiskFull",
		Text:      "[critical] disk full on db-1\nsince 3m",
		Emergency: true,
	})
	fmt.Println(err)
	fmt.Println(s.Posts()[0].Text)
	// Output:
	// <nil>
	// 🚨 EMERGENCY FIRING 1 · DiskFull
	//
	// [critical] disk full on db-1
	// since 3m
}

// ExampleClient_Post shows how failures are classified.
func ExampleClient_Post() {
	s := groupmetest.NewServer(groupmetest.WithDemo())
	defer s.Close()
	c, _ := groupme.NewClient(groupme.WithAPIURL(s.URL))
	ctx := context.Background()

	s.Inject(groupmetest.Fault{Kind: groupmetest.Fault420})
	err := c.Post(ctx, groupme.Message{BotID: groupmetest.DemoBotID, Text: "hello"})
	fmt.Println(groupme.IsRateLimited(err), groupme.IsRetryable(err))

	err = c.Post(ctx, groupme.Message{BotID: "unknownbot", Text: "hello"})
	var refused *groupme.APIError
	fmt.Println(errors.As(err, &refused), refused.StatusCode, groupme.IsPermanent(err))
	fmt.Println(err)
	// Output:
	// true true
	// true 404 true
	// groupme: bots_post: refused with HTTP 404: Not Found
}

func ExampleFit() {
	text := "FIRING 3 · DiskFull\n\n" +
		"[critical] disk full on db-1, db-2, db-3, db-4\n\n" +
		"[critical] disk full on web-1\n\n" +
		"[warning] disk 90% on web-2"
	fitted, dropped := groupme.FitN(text, 90)
	fmt.Println(fitted)
	fmt.Println(dropped)
	// Output:
	// FIRING 3 · DiskFull
	//
	// [critical] disk full on db-1, db-2, db-3, db-4
	//
	// … and 2 more
	// 2
}
