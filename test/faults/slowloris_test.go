package faults

import (
	"bytes"
	"fmt"
	"io"
	"net"
	"net/http"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// stallHeaders opens n connections that send half a request header and
// then nothing. Each channel receives once the server closed its connection.
func stallHeaders(t *testing.T, addr string, n int) []chan error {
	t.Helper()
	out := make([]chan error, 0, n)
	for range n {
		c, err := net.Dial("tcp", addr)
		require.NoError(t, err)
		t.Cleanup(func() { c.Close() })
		_, err = io.WriteString(c, "POST /alerts HTTP/1.1\r\nHost: bridge\r\nContent-Type: application/json\r\n")
		require.NoError(t, err)
		ch := make(chan error, 1)
		go func() { _, err := io.Copy(io.Discard, c); ch <- err }()
		out = append(out, ch)
	}
	return out
}

// trickleBody sends a complete header announcing a 100 kB body, then one
// byte of it every half second. The channel receives once the server
// answered or closed the connection.
func trickleBody(t *testing.T, addr string) chan error {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	require.NoError(t, err)
	t.Cleanup(func() { c.Close() })
	_, err = fmt.Fprintf(c, "POST /alerts HTTP/1.1\r\nHost: bridge\r\nAuthorization: Bearer %s\r\n"+
		"Content-Type: application/json\r\nContent-Length: 100000\r\n\r\n{", bearer)
	require.NoError(t, err)
	ch := make(chan error, 1)
	stop := make(chan struct{})
	go func() {
		_, err := c.Read(make([]byte, 1)) // an answer or the close
		close(stop)
		ch <- err
	}()
	go func() {
		tick := time.NewTicker(500 * time.Millisecond)
		defer tick.Stop()
		for {
			select {
			case <-stop:
				return
			case <-tick.C:
				if _, err := c.Write([]byte(" ")); err != nil {
					return
				}
			}
		}
	}()
	return ch
}

func requireClosedWithin(t *testing.T, what string, chans []chan error, d time.Duration) {
	t.Helper()
	deadline := time.After(d)
	for i, ch := range chans {
		select {
		case <-ch:
		case <-deadline:
			t.Fatalf("%s: connection %d of %d still open after %s", what, i+1, len(chans), d)
		}
	}
}

// rawPost posts body with an Authorization header (none when empty) and
// returns the status code.
func rawPost(t *testing.T, url, auth string, body []byte) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, url, bytes.NewReader(body))
	require.NoError(t, err)
	if auth != "" {
		req.Header.Set("Authorization", auth)
	}
	resp, err := (&http.Client{Timeout: 10 * time.Second}).Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	return resp.StatusCode
}
