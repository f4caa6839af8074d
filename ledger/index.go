package ledger

import (
	"container/heap"
	"slices"
	"time"
)

// index finds emergencies without scanning them all, by tag, by group key
// and by alert fingerprint, and keeps the number that ring incrementally,
// so that a webhook costs the same with 20 or 20,000 emergencies held.
// Local.mu guards it.
type index struct {
	// The receipts under a tag, group key or fingerprint are few (one per
	// recipient and page): slices cost less memory than sets.
	byTag   map[string][]string
	byGroup map[string][]string
	byFP    map[string][]string
	// open holds the emergencies neither acknowledged, cancelled nor
	// expired by Pushover: those that ring until their ExpiresAt.
	open receiptSet
	// lapsed holds the open ones whose ExpiresAt passed by countedAt.
	lapsed    receiptSet
	deadlines deadlineHeap // of open emergencies, by ExpiresAt
	countedAt time.Time
}

// receiptSet is a set of receipts.
type receiptSet map[string]struct{}

func newIndex() index {
	return index{byTag: map[string][]string{}, byGroup: map[string][]string{}, byFP: map[string][]string{},
		open: receiptSet{}, lapsed: receiptSet{}}
}

func (ix *index) add(e *Emergency) {
	addTo(ix.byTag, e.Tag, e.Receipt)
	addTo(ix.byGroup, e.GroupKey, e.Receipt)
	for _, a := range e.Alerts {
		addTo(ix.byFP, a.Fingerprint, e.Receipt)
	}
	ix.update(e)
}

// update files e as open or not after a change of its state.
func (ix *index) update(e *Emergency) {
	if e.Ack != nil || !e.Cancelled.IsZero() || e.Expired {
		delete(ix.open, e.Receipt)
		delete(ix.lapsed, e.Receipt)
		return
	}
	if _, ok := ix.open[e.Receipt]; ok {
		return
	}
	ix.open[e.Receipt] = struct{}{}
	if !ix.countedAt.IsZero() && !ix.countedAt.Before(e.ExpiresAt) {
		ix.lapsed[e.Receipt] = struct{}{}
		return
	}
	heap.Push(&ix.deadlines, deadline{at: e.ExpiresAt, receipt: e.Receipt})
}

func (ix *index) remove(e *Emergency) {
	removeFrom(ix.byTag, e.Tag, e.Receipt)
	removeFrom(ix.byGroup, e.GroupKey, e.Receipt)
	for _, a := range e.Alerts {
		removeFrom(ix.byFP, a.Fingerprint, e.Receipt)
	}
	delete(ix.open, e.Receipt)
	delete(ix.lapsed, e.Receipt)
}

func addTo(m map[string][]string, k, receipt string) {
	s := m[k]
	if !slices.Contains(s, receipt) {
		m[k] = append(s, receipt)
	}
}

func removeFrom(m map[string][]string, k, receipt string) {
	s := m[k]
	if i := slices.Index(s, receipt); i >= 0 {
		s = slices.Delete(s, i, i+1)
		if len(s) == 0 {
			delete(m, k)
			return
		}
		m[k] = s
	}
}

// ringing counts the emergencies ringing at now, in time proportional to
// those that stopped ringing since the last count. A clock that went back
// recounts the open ones.
func (ix *index) ringing(now time.Time, all map[string]*Emergency) int {
	if now.Before(ix.countedAt) {
		n := 0
		for r := range ix.open {
			if all[r].Ringing(now) {
				n++
			}
		}
		return n
	}
	ix.countedAt = now
	for len(ix.deadlines) > 0 && !now.Before(ix.deadlines[0].at) {
		d := heap.Pop(&ix.deadlines).(deadline)
		if e, ok := all[d.receipt]; ok && e.ExpiresAt.Equal(d.at) {
			if _, open := ix.open[d.receipt]; open {
				ix.lapsed[d.receipt] = struct{}{}
			}
		}
	}
	return len(ix.open) - len(ix.lapsed)
}

// candidates returns the receiptSet among which f's matches are, the
// smallest set an index gives; all is false when no index applies.
func (ix *index) candidates(f *Filter) (out []string, all bool) {
	best, n := []string(nil), -1
	for _, c := range []struct {
		on bool
		rs []string
	}{{f.Tag != "", ix.byTag[f.Tag]}, {f.GroupKey != "", ix.byGroup[f.GroupKey]}} {
		if c.on && (n < 0 || len(c.rs) < n) {
			best, n = c.rs, len(c.rs)
		}
	}
	if len(f.Fingerprints) > 0 {
		size := 0
		for _, fp := range f.Fingerprints {
			size += len(ix.byFP[fp])
		}
		if n < 0 || size < n {
			return ix.union(f.Fingerprints, size), false
		}
	}
	if !f.RingingAt.IsZero() && (n < 0 || len(ix.open) < n) {
		out = make([]string, 0, len(ix.open))
		for r := range ix.open {
			out = append(out, r)
		}
		return out, false
	}
	return best, n < 0
}

// union returns the receiptSet of any of fps, each once.
func (ix *index) union(fps []string, size int) []string {
	out := make([]string, 0, size)
	seen := make(receiptSet, size)
	for _, fp := range fps {
		for _, r := range ix.byFP[fp] {
			if _, ok := seen[r]; !ok {
				seen[r] = struct{}{}
				out = append(out, r)
			}
		}
	}
	return out
}

// deadline is when an open emergency stops ringing.
type deadline struct {
	at      time.Time
	receipt string
}

// deadlineHeap is a min-heap of deadlines (container/heap).
type deadlineHeap []deadline

func (h deadlineHeap) Len() int           { return len(h) }
func (h deadlineHeap) Less(i, j int) bool { return h[i].at.Before(h[j].at) }
func (h deadlineHeap) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *deadlineHeap) Push(x any)        { *h = append(*h, x.(deadline)) }
func (h *deadlineHeap) Pop() any {
	old := *h
	d := old[len(old)-1]
	*h = old[:len(old)-1]
	return d
}
