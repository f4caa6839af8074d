package escalation

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

var t0 = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// page is one Page call the fake saw.
type page struct {
	Key        string
	Level      int
	Recipients []string
	Missed     []string
	Scope      string
}

// fakePager stands in for the pipeline: it sends a PageKey at most once
// (as the ledger's claim makes it), and fails its first fail calls.
type fakePager struct {
	mu       sync.Mutex
	fail     int
	failSent int // of the failures, how many fail after sending (a crash before the answer)
	calls    []page
	sent     map[string][]Receipt // by key: what Pushover accepted
	sends    map[string]int       // by key: how many times it was really sent
	onPage   func(rec Record, level int)
}

func newFakePager() *fakePager {
	return &fakePager{sent: map[string][]Receipt{}, sends: map[string]int{}}
}

func (p *fakePager) Page(_ context.Context, rec Record, level int, recipients, missed []string) ([]Receipt, error) {
	key := PageKey(rec.ID, level)
	p.mu.Lock()
	p.calls = append(p.calls, page{key, level, recipients, missed, rec.Scope})
	rcpts, done := p.sent[key]
	if !done && (p.fail == 0 || p.failSent > 0) {
		for _, r := range recipients {
			rcpts = append(rcpts, Receipt{Recipient: r, Receipt: fmt.Sprintf("r-L%d-%s", level, r)})
		}
		p.sent[key], p.sends[key] = rcpts, p.sends[key]+1
	}
	var err error
	if p.fail > 0 {
		p.fail--
		if p.failSent > 0 {
			p.failSent--
		}
		err = errors.New("pushover: 503")
	}
	hook := p.onPage
	p.mu.Unlock()
	if hook != nil {
		hook(rec, level)
	}
	return rcpts, err
}

// sent returns the pages really sent, by key.
func (p *fakePager) sentCounts() map[string]int {
	p.mu.Lock()
	defer p.mu.Unlock()
	out := map[string]int{}
	for k, v := range p.sends {
		out[k] = v
	}
	return out
}

func (p *fakePager) pages() []page {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]page(nil), p.calls...)
}

// fakeCanceller records the receipts it cancelled; it fails its first fail calls.
type fakeCanceller struct {
	mu        sync.Mutex
	fail      int
	cancelled []string
}

func (c *fakeCanceller) CancelReceipts(_ context.Context, rs []Receipt) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.fail > 0 {
		c.fail--
		return 0, errors.New("pushover: 500")
	}
	for _, r := range rs {
		c.cancelled = append(c.cancelled, r.Receipt)
	}
	return len(rs), nil
}

func (c *fakeCanceller) receipts() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	return append([]string(nil), c.cancelled...)
}

// harness is one "Pushover" (pager, canceller) and one store, with engines
// over them on a manual clock.
type harness struct {
	t      *testing.T
	clk    *clock.Manual
	store  *MemStore
	pager  *fakePager
	cancel *fakeCanceller
	e      *Engine
	opts   func(*Options)
}

func newHarness(t *testing.T, opts func(*Options)) *harness {
	h := &harness{t: t, clk: clock.NewManual(t0), store: NewMemStore(), pager: newFakePager(),
		cancel: &fakeCanceller{}, opts: opts}
	h.e = h.engine("a")
	return h
}

// engine returns a new engine over the harness's store (a restart, or
// another replica).
func (h *harness) engine(holder string) *Engine {
	o := Options{Store: h.store, Pager: h.pager, Canceller: h.cancel, Holder: holder, Now: h.clk.Now,
		Logger: log.NewNopLogger()}
	if h.opts != nil {
		h.opts(&o)
	}
	e, err := New(o)
	require.NoError(h.t, err)
	return e
}

// at moves the clock to t0+d and runs one pass; it returns the next wake-up.
func (h *harness) at(d time.Duration) time.Time {
	h.t.Helper()
	h.clk.Add(t0.Add(d).Sub(h.clk.Now()))
	next, err := h.e.step(context.Background())
	require.NoError(h.t, err)
	return next
}

func (h *harness) rec(id string) Record {
	h.t.Helper()
	r, ok, err := h.store.Get(context.Background(), id)
	require.NoError(h.t, err)
	require.True(h.t, ok)
	return r
}

// levels pages a at once, b after 10m, c after 25m.
var levels = []Level{{0, []string{"a"}}, {10 * time.Minute, []string{"b"}}, {25 * time.Minute, []string{"c"}}}

// newRecord is an escalation first paged at t0 to a, receipt "r-L1-a".
func newRecord(id string, lv []Level) Record {
	return Record{
		ID: id, Receiver: "team", GroupKey: `{}:{alertname="DBDown"}`, Route: "page-db", Scope: "prod",
		Levels: lv, PagedAt: t0,
		Fired: []FiredLevel{{Level: 1, At: t0, Recipients: []string{"a"},
			Receipts: []Receipt{{Recipient: "a", Receipt: "r-L1-a"}}}},
		Alerts:   []AlertRef{{Fingerprint: "d1f0c0ffee", StartsAt: t0.Add(-time.Minute)}},
		Snapshot: []byte(`{"receiver":"team","status":"firing","alerts":[{"labels":{"alertname":"DBDown"}}]}`),
	}
}

func (h *harness) start(id string, lv []Level) {
	h.t.Helper()
	_, err := h.e.Start(context.Background(), newRecord(id, lv))
	require.NoError(h.t, err)
}
