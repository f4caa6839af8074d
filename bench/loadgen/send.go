package main

import (
	"bytes"
	"context"
	"io"
	"math/rand/v2"
	"net/http"
	"time"
)

// page sends a webhook until it is answered 2xx or 4xx, retrying 5xx and
// missing answers with exponential backoff from 500 ms.
func (lg *loadgen) page(ctx context.Context, body []byte, due time.Time) {
	lg.active.Add(1)
	defer lg.active.Add(-1)
	var o outcome
	backoff := 500 * time.Millisecond
	for {
		o.attempts++
		t0 := time.Now()
		code := lg.post(ctx, body)
		if o.attempts == 1 {
			o.first = time.Since(t0)
		}
		o.code = code
		if code != 0 && code < 500 {
			break
		}
		if code == 0 {
			o.noAnswer++
		} else {
			o.retried5++
		}
		if time.Since(due) > lg.o.giveUp {
			break
		}
		// ±20% jitter, as Alertmanager's backoff randomizes its intervals.
		time.Sleep(time.Duration(float64(backoff) * (0.8 + 0.4*rand.Float64())))
		backoff = min(backoff*2, lg.o.maxBackoff)
	}
	o.total = time.Since(due)
	lg.mu.Lock()
	lg.out = append(lg.out, o)
	lg.mu.Unlock()
}

func (lg *loadgen) post(ctx context.Context, body []byte) int {
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, lg.o.url, bytes.NewReader(body))
	if err != nil {
		return 0
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "Alertmanager/0.34.2 (loadgen)")
	if lg.o.token != "" {
		req.Header.Set("Authorization", "Bearer "+lg.o.token)
	}
	resp, err := lg.hc.Do(req)
	if err != nil {
		return 0
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	return resp.StatusCode
}
