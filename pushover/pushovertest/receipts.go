package pushovertest

import (
	"net/http"
	"slices"
	"strconv"
	"strings"
	"time"
)

// receiptRetention is how long Pushover answers for a receipt.
const receiptRetention = 7 * 24 * time.Hour

// receipt is the stored state of an emergency message.
type receipt struct {
	id, app       string
	recipients    []string
	retry, expire time.Duration
	tags          []string
	callback      string
	created       time.Time
	ackAt         time.Time
	ackBy, ackDev string
	canceledAt    time.Time
	calledBackAt  time.Time
	callbackDue   time.Time // next callback attempt, zero when none is due
	lastPoll      time.Time
	pollsTooSoon  int
}

func (st *state) newReceipt(p *params, users []string, now time.Time) string {
	retry, _ := seconds(p, "retry")
	expire, _ := seconds(p, "expire")
	rc := &receipt{
		id: newReceiptID(), app: p.get("token"), recipients: users, callback: p.get("callback"),
		retry: time.Duration(retry) * time.Second, expire: time.Duration(expire) * time.Second, created: now,
	}
	if t := p.get("tags"); t != "" {
		rc.tags = strings.Split(t, ",")
	}
	st.receipts[rc.id] = rc
	st.order = append(st.order, rc.id)
	return rc.id
}

// snapshot computes the receipt's state at now: deliveries every retry from
// creation, while not acknowledged or canceled, before expiry, and at most
// 50 retries.
func (rc *receipt) snapshot(now time.Time) Receipt {
	expiresAt := rc.created.Add(rc.expire)
	end := now
	for _, stop := range []time.Time{rc.ackAt, rc.canceledAt} {
		if !stop.IsZero() && stop.Before(end) {
			end = stop
		}
	}
	k := int(end.Sub(rc.created) / rc.retry)
	k = min(k, maxRetries, int((rc.expire+rc.retry-1)/rc.retry)-1)
	k = max(k, 0)
	capped := k == maxRetries && !now.Before(rc.created.Add(maxRetries*rc.retry))
	return Receipt{
		ID: rc.id, App: rc.app, Recipients: rc.recipients, Tags: rc.tags, Callback: rc.callback,
		Retry: rc.retry, Expire: rc.expire, CreatedAt: rc.created, ExpiresAt: expiresAt,
		LastDeliveredAt: rc.created.Add(time.Duration(k) * rc.retry), RetriesDone: k,
		Acknowledged: !rc.ackAt.IsZero(), AcknowledgedAt: rc.ackAt, AcknowledgedBy: rc.ackBy,
		AcknowledgedByDevice: rc.ackDev, Canceled: !rc.canceledAt.IsZero(),
		Expired:    !rc.canceledAt.IsZero() || !now.Before(expiresAt) || capped,
		CalledBack: !rc.calledBackAt.IsZero(), CalledBackAt: rc.calledBackAt, PollsTooSoon: rc.pollsTooSoon,
	}
}

// active reports whether the receipt still asks for acknowledgement.
func (rc *receipt) active(now time.Time) bool {
	snap := rc.snapshot(now)
	return !snap.Acknowledged && !snap.Expired
}

// lookup finds a receipt of the app that is not yet purged.
func (st *state) lookup(id, app string) *receipt {
	rc, ok := st.receipts[id]
	if !ok || rc.app != app || st.now().Sub(rc.created) > receiptRetention {
		return nil
	}
	return rc
}

// receiptFor checks the token and finds the app's receipt id, or returns
// the error reply Pushover gives.
func (st *state) receiptFor(p *params, id string) (*receipt, *reply) {
	if r := st.checkToken(p); r != nil {
		return nil, r
	}
	rc := st.lookup(id, p.get("token"))
	if rc == nil {
		return nil, receiptNotFound()
	}
	return rc, nil
}

func receiptNotFound() *reply {
	return fail(http.StatusBadRequest, object{{"receipt", "not found"}}, "receipt not found; may be invalid or expired")
}

// handleReceipt is GET /1/receipts/{r}.json. Polls sooner than 5 s apart
// are only counted (Receipt.PollsTooSoon).
func (s *Server) handleReceipt(p *params, id string) *reply {
	st := &s.st
	rc, fail := st.receiptFor(p, id)
	if fail != nil {
		return fail
	}
	now := st.now()
	if !rc.lastPoll.IsZero() && now.Sub(rc.lastPoll) < 5*time.Second {
		rc.pollsTooSoon++
	}
	rc.lastPoll = now
	snap := rc.snapshot(now)
	return success(
		kv{"acknowledged", b2i(snap.Acknowledged)}, kv{"acknowledged_at", unix(snap.AcknowledgedAt)},
		kv{"acknowledged_by", snap.AcknowledgedBy}, kv{"acknowledged_by_device", snap.AcknowledgedByDevice},
		kv{"last_delivered_at", unix(snap.LastDeliveredAt)}, kv{"expired", b2i(snap.Expired)},
		kv{"expires_at", unix(snap.ExpiresAt)}, kv{"called_back", b2i(snap.CalledBack)},
		kv{"called_back_at", unix(snap.CalledBackAt)},
	)
}

// handleCancel is POST /1/receipts/{r}/cancel.json. Canceling an
// acknowledged or expired receipt succeeds and changes nothing.
func (s *Server) handleCancel(p *params, id string) *reply {
	st := &s.st
	rc, fail := st.receiptFor(p, id)
	if fail != nil {
		return fail
	}
	if now := st.now(); rc.active(now) {
		rc.canceledAt = now
	}
	return success()
}

// handleCancelByTag is POST /1/receipts/cancel_by_tag/{tag}.json: it
// cancels the app's active receipts carrying the tag (exact match).
func (s *Server) handleCancelByTag(p *params, tag string) *reply {
	st := &s.st
	if r := st.checkToken(p); r != nil {
		return r
	}
	now, n := st.now(), 0
	for _, id := range st.order {
		rc := st.receipts[id]
		if rc.app == p.get("token") && slices.Contains(rc.tags, tag) && rc.active(now) {
			rc.canceledAt = now
			n++
		}
	}
	return success(kv{"canceled", n})
}

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}

func itoa64(n int64) string { return strconv.FormatInt(n, 10) }
