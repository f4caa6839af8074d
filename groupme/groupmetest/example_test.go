package groupmetest_test

import (
	"bytes"
	"fmt"
	"net/http"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// ExampleNewServer posts as a bot with plain HTTP and reads what the fake recorded.
func ExampleNewServer() {
	s := groupmetest.NewServer(groupmetest.WithDemo())
	defer s.Close()
	body := `{"bot_id":"` + groupmetest.DemoBotID + `","text":"Hello World"}`
	resp, err := http.Post(s.URL+"bots/post", "application/json", bytes.NewBufferString(body))
	if err != nil {
		panic(err)
	}
	resp.Body.Close()
	fmt.Println(resp.StatusCode)
	for _, p := range s.Posts() {
		fmt.Println(p.GroupID, p.Text)
	}
	// Output:
	// 201
	// 12345678 Hello World
}

// ExampleServer_FailNext scripts GroupMe failing twice, then recovering.
func ExampleServer_FailNext() {
	s := groupmetest.NewServer(groupmetest.WithDemo())
	defer s.Close()
	s.FailNext(2, groupmetest.EndpointPost, groupmetest.Fault503)
	body := `{"bot_id":"` + groupmetest.DemoBotID + `","text":"x"}`
	for range 3 {
		resp, err := http.Post(s.URL+"bots/post", "application/json", bytes.NewBufferString(body))
		if err != nil {
			panic(err)
		}
		resp.Body.Close()
		fmt.Println(resp.StatusCode)
	}
	// Output:
	// 503
	// 503
	// 201
}
