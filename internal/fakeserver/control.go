// Package fakeserver holds the plumbing the fake Pushover
// (pushover/pushovertest) and the fake GroupMe (groupme/groupmetest) share
// and that says nothing about either API.
package fakeserver

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"strings"
)

// Call makes one call to a fake's /_fake/<name> control endpoint. baseURL
// is the fake's root or its API URL (root plus apiPrefix, e.g. "/1");
// in, when not nil, is sent as JSON; out, when not nil, receives the
// JSON answer. Errors are prefixed with pkg ("pushovertest").
func Call(ctx context.Context, hc *http.Client, baseURL, apiPrefix, pkg, method, name string, in, out any) error {
	var body io.Reader
	if in != nil {
		b, err := json.Marshal(in)
		if err != nil {
			return err
		}
		body = bytes.NewReader(b)
	}
	root := strings.TrimSuffix(strings.TrimSuffix(baseURL, "/"), apiPrefix)
	req, err := http.NewRequestWithContext(ctx, method, root+"/_fake/"+name, body)
	if err != nil {
		return err
	}
	if in != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if hc == nil {
		hc = http.DefaultClient
	}
	resp, err := hc.Do(req)
	if err != nil {
		return fmt.Errorf("%s control %s: %w", pkg, name, err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		var e struct{ Error string }
		_ = json.NewDecoder(resp.Body).Decode(&e)
		return fmt.Errorf("%s control %s: HTTP %d: %s", pkg, name, resp.StatusCode, e.Error)
	}
	if out == nil {
		_, _ = io.Copy(io.Discard, resp.Body)
		return nil
	}
	return json.NewDecoder(resp.Body).Decode(out)
}
