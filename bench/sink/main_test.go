package main

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestSink: posts are answered 200 "1" and counted with their bytes; other
// methods are refused and not counted.
func TestSink(t *testing.T) {
	srv := httptest.NewServer(&sink{})
	defer srv.Close()
	for _, body := range []string{`{"a":1}`, "xyz"} {
		resp, err := http.Post(srv.URL+"/any/path", "application/json", strings.NewReader(body))
		require.NoError(t, err)
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		require.Equal(t, http.StatusOK, resp.StatusCode)
		require.Equal(t, "1", string(b))
	}
	resp, err := http.Get(srv.URL + "/other")
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, http.StatusMethodNotAllowed, resp.StatusCode)

	resp, err = http.Get(srv.URL + "/_sink/stats")
	require.NoError(t, err)
	defer resp.Body.Close()
	var st Stats
	require.NoError(t, json.NewDecoder(resp.Body).Decode(&st))
	require.Equal(t, Stats{Posts: 2, Bytes: 10}, st)
}
