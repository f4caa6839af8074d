package main

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// stats are the fake Pushover's counters or, with -sink, bench/sink's
// posts counted as requests and messages.
func (lg *loadgen) stats(ctx context.Context, ctl *pushovertest.Control) (pushovertest.Stats, error) {
	if lg.o.sink == "" {
		return ctl.Stats(ctx)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, strings.TrimSuffix(lg.o.sink, "/")+"/_sink/stats", nil)
	if err != nil {
		return pushovertest.Stats{}, err
	}
	resp, err := lg.hc.Do(req)
	if err != nil {
		return pushovertest.Stats{}, err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return pushovertest.Stats{}, fmt.Errorf("sink stats: HTTP %d", resp.StatusCode)
	}
	var s struct {
		Posts int `json:"posts"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&s); err != nil {
		return pushovertest.Stats{}, fmt.Errorf("sink stats: %w", err)
	}
	return pushovertest.Stats{Requests: s.Posts, Messages: s.Posts}, nil
}
