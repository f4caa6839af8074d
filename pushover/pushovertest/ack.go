package pushovertest

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"
)

// callbackRetry is how long Pushover waits before calling a failed callback again.
const callbackRetry = time.Minute

// ErrReceiptNotFound is returned by Ack for an unknown or purged receipt.
var ErrReceiptNotFound = errors.New("pushovertest: receipt not found")

// ErrReceiptInactive is returned by Ack for an acknowledged, expired or canceled receipt.
var ErrReceiptInactive = errors.New("pushovertest: receipt no longer asks for acknowledgement")

// Ack acknowledges an emergency message as user on device, as a phone would.
// It stops the retries and, when the message had a callback URL, POSTs the
// acknowledgement form to it; if that fails it is tried again every minute
// of fake time (see Advance).
func (s *Server) Ack(receipt, user, device string) error {
	s.mu.Lock()
	rc, ok := s.st.receipts[receipt]
	now := s.st.now()
	switch {
	case !ok || now.Sub(rc.created) > receiptRetention:
		s.mu.Unlock()
		return ErrReceiptNotFound
	case !rc.active(now):
		s.mu.Unlock()
		return ErrReceiptInactive
	}
	rc.ackAt, rc.ackBy, rc.ackDev = now, user, device
	if rc.callback != "" {
		rc.callbackDue = now
	}
	s.mu.Unlock()
	s.runCallbacks()
	return nil
}

// Advance moves the fake clock forward by d, which drives receipt retries
// and expiry, the monthly quota reset, and the retries of failed callbacks.
func (s *Server) Advance(d time.Duration) {
	s.mu.Lock()
	s.st.offset += d
	s.st.refreshQuota()
	s.mu.Unlock()
	s.runCallbacks()
}

type pendingCallback struct {
	id, url string
	form    url.Values
}

// runCallbacks POSTs every due callback, outside the lock.
func (s *Server) runCallbacks() {
	s.mu.Lock()
	now := s.st.now()
	var due []pendingCallback
	for _, id := range s.st.order {
		rc := s.st.receipts[id]
		if rc.callbackDue.IsZero() || rc.callbackDue.After(now) {
			continue
		}
		due = append(due, pendingCallback{id: id, url: rc.callback, form: url.Values{
			"receipt": {id}, "acknowledged": {"1"}, "acknowledged_at": {itoa64(rc.ackAt.Unix())},
			"acknowledged_by": {rc.ackBy}, "acknowledged_by_device": {rc.ackDev},
		}})
		rc.callbackDue = time.Time{} // in flight
	}
	s.mu.Unlock()
	for _, cb := range due {
		err := s.postCallback(cb)
		s.mu.Lock()
		rc, now := s.st.receipts[cb.id], s.st.now()
		if err == nil {
			rc.calledBackAt, rc.callbackDue = now, time.Time{}
		} else {
			rc.callbackDue = now.Add(callbackRetry)
		}
		s.mu.Unlock()
	}
}

func (s *Server) postCallback(cb pendingCallback) error {
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, cb.url, strings.NewReader(cb.form.Encode()))
	if err != nil {
		return err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	resp, err := s.callback.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("callback answered %d", resp.StatusCode)
	}
	return nil
}
