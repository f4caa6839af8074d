package pipeline

import (
	"sync"
	"time"
)

// DefaultCharts is how many charts the status page keeps.
const DefaultCharts = 5

// RecentChart is a chart attached to a message, kept for the status page.
type RecentChart struct {
	ID        uint64 // increasing; names the chart's URL
	Time      time.Time
	Route     string
	Alertname string
	PNG       []byte
}

// RecentCharts holds the last few charts in memory. It is safe for
// concurrent use; a nil *RecentCharts keeps nothing.
type RecentCharts struct {
	mu   sync.Mutex
	max  int
	last uint64
	list []RecentChart // oldest first
}

// NewRecentCharts returns a ring holding the last n charts.
func NewRecentCharts(n int) *RecentCharts {
	return &RecentCharts{max: max(n, 1)}
}

// Add keeps c under the next ID, dropping the oldest chart when full.
func (r *RecentCharts) Add(c RecentChart) {
	if r == nil {
		return
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	r.last++
	c.ID = r.last
	r.list = append(r.list, c)
	if len(r.list) > r.max {
		r.list = append(r.list[:0:0], r.list[len(r.list)-r.max:]...)
	}
}

// List returns the charts held, newest first.
func (r *RecentCharts) List() []RecentChart {
	if r == nil {
		return nil
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	out := make([]RecentChart, 0, len(r.list))
	for i := len(r.list) - 1; i >= 0; i-- {
		out = append(out, r.list[i])
	}
	return out
}

// Get returns the chart with id, if it is still held.
func (r *RecentCharts) Get(id uint64) (RecentChart, bool) {
	for _, c := range r.List() {
		if c.ID == id {
			return c, true
		}
	}
	return RecentChart{}, false
}
