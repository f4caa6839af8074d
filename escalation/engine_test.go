package escalation

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

const id = "esc-1"

func TestEngine(t *testing.T) {
	tests := []struct {
		name string
		opts func(*Options)
		run  func(t *testing.T, h *harness)
	}{
		{"no ack: level 2 at after, level 3 at its after", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			require.Equal(t, t0.Add(10*time.Minute), h.at(10*time.Minute-time.Second), "wakes at level 2")
			require.Empty(t, h.pager.pages())
			require.Equal(t, t0.Add(25*time.Minute), h.at(10*time.Minute))
			require.Equal(t, []page{{PageKey(id, 2), 2, []string{"b"}, []string{"a"}, "prod"}}, h.pager.pages())
			require.True(t, h.at(25*time.Minute).IsZero(), "nothing left")
			require.Equal(t, page{PageKey(id, 3), 3, []string{"c"}, []string{"a", "b"}, "prod"}, h.pager.pages()[1])
			r := h.rec(id)
			require.Len(t, r.Fired, 3)
			require.Equal(t, FiredLevel{Level: 2, At: t0.Add(10 * time.Minute), Recipients: []string{"b"},
				Receipts: []Receipt{{"b", "r-L2-b"}}}, r.Fired[1])
			require.Empty(t, h.cancel.receipts(), "levels ring together; nothing is cancelled without ack or resolve")
		}},
		{"ack by level 2: level 1 cancelled, level 3 never paged", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.at(10 * time.Minute)
			h.clk.Add(2 * time.Minute)
			r, first, err := h.e.Acknowledge(context.Background(), id, Ack{By: "b", Via: "receipt poll", Receipt: "r-L2-b"})
			require.NoError(t, err)
			require.True(t, first)
			require.Equal(t, &Ack{By: "b", At: t0.Add(12 * time.Minute), Level: 2, Via: "receipt poll", Receipt: "r-L2-b"}, r.Acked)
			require.Equal(t, []string{"r-L1-a"}, h.cancel.receipts(), "only the others ring; the acked one stopped")
			require.True(t, h.at(time.Hour).IsZero())
			require.Len(t, h.pager.pages(), 1, "level 3 never paged")
			_, first, err = h.e.Acknowledge(context.Background(), id, Ack{By: "a", Receipt: "r-L1-a"})
			require.NoError(t, err)
			require.False(t, first)
			require.Equal(t, "b", h.rec(id).Acked.By, "the first acknowledgement stays")
			require.Empty(t, h.rec(id).Uncancelled)
		}},
		{"ack by level 1 before level 2: nothing else pages", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.clk.Add(3 * time.Minute)
			r, first, err := h.e.Acknowledge(context.Background(), id, Ack{By: "a", Receipt: "r-L1-a"})
			require.NoError(t, err)
			require.True(t, first)
			require.Equal(t, 1, r.Acked.Level)
			require.Empty(t, h.cancel.receipts())
			require.True(t, h.at(time.Hour).IsZero())
			require.Empty(t, h.pager.pages())
		}},
		{"resolve: every level cancelled, none pages again", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.at(25 * time.Minute)
			r, err := h.e.Resolve(context.Background(), id)
			require.NoError(t, err)
			require.True(t, r.Resolved)
			require.Equal(t, t0.Add(25*time.Minute), r.ResolvedAt)
			require.ElementsMatch(t, []string{"r-L1-a", "r-L2-b", "r-L3-c"}, h.cancel.receipts())
			_, err = h.e.Resolve(context.Background(), id)
			require.NoError(t, err)
			require.Len(t, h.cancel.receipts(), 3, "resolving twice cancels nothing more")
		}},
		{"restart between page and after: a fresh engine fires on time", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.at(5 * time.Minute)
			h.e = h.engine("a") // the process restarted: nothing but the store survives
			require.Equal(t, t0.Add(10*time.Minute), h.at(6*time.Minute))
			h.at(10 * time.Minute)
			require.Len(t, h.pager.pages(), 1)
			require.Equal(t, t0.Add(10*time.Minute), h.rec(id).Fired[1].At)
		}},
		{"pager failure: retried with backoff, paged once", func(o *Options) {
			o.MinBackoff = 5 * time.Second
		}, func(t *testing.T, h *harness) {
			h.pager.fail, h.pager.failSent = 3, 1 // the first attempt is sent but its answer lost
			h.start(id, levels)
			require.Equal(t, t0.Add(10*time.Minute+5*time.Second), h.at(10*time.Minute))
			require.Len(t, h.rec(id).Fired, 1, "not recorded while failing")
			h.at(10*time.Minute + 4*time.Second)
			require.Len(t, h.pager.pages(), 1, "no retry before the backoff")
			require.Equal(t, t0.Add(10*time.Minute+15*time.Second), h.at(10*time.Minute+5*time.Second), "doubles")
			h.at(10*time.Minute + 15*time.Second)
			require.Len(t, h.pager.pages(), 3)
			h.at(10*time.Minute + 35*time.Second)
			require.Len(t, h.pager.pages(), 4)
			for _, p := range h.pager.pages() {
				require.Equal(t, PageKey(id, 2), p.Key, "every attempt under the same key")
			}
			require.Equal(t, map[string]int{PageKey(id, 2): 1}, h.pager.sentCounts(), "sent once")
			r := h.rec(id)
			require.Len(t, r.Fired, 2)
			require.Equal(t, []Receipt{{"b", "r-L2-b"}}, r.Fired[1].Receipts)
			require.Equal(t, t0.Add(25*time.Minute), h.at(10*time.Minute+35*time.Second))
		}},
		{"schedule names resolve when the level fires", func(o *Options) {
			o.Resolver = func(name string, at time.Time) (string, bool) {
				switch {
				case name == "db-secondary" && at.Before(t0.Add(15*time.Minute)):
					return "alice", true
				case name == "db-secondary":
					return "bob", true
				case name == "db-nobody":
					return "", true
				}
				return name, false
			}
		}, func(t *testing.T, h *harness) {
			h.start(id, []Level{{0, []string{"a"}}, {20 * time.Minute, []string{"db-secondary", "bob", "db-nobody"}},
				{30 * time.Minute, []string{"db-nobody"}}, {40 * time.Minute, []string{"c"}}})
			h.at(20 * time.Minute)
			h.at(30 * time.Minute)
			h.at(40 * time.Minute)
			pages := h.pager.pages()
			require.Len(t, pages, 2, "a level with nobody on call pages nobody")
			require.Equal(t, []string{"bob"}, pages[0].Recipients, "bob was on call at 20m; listed once")
			require.Equal(t, 4, pages[1].Level, "the empty level counts as fired; the next follows")
			r := h.rec(id)
			require.Equal(t, []string{"db-nobody"}, r.Fired[1].Unresolved)
			require.Equal(t, FiredLevel{Level: 3, At: t0.Add(30 * time.Minute), Unresolved: []string{"db-nobody"}}, r.Fired[2])
		}},
		{"ack while a level pages: its receipts are cancelled at once", nil, func(t *testing.T, h *harness) {
			h.pager.onPage = func(_ Record, _ int) {
				_, _, err := h.e.Acknowledge(context.Background(), id, Ack{By: "a", Receipt: "r-L1-a"})
				require.NoError(t, err)
			}
			h.start(id, levels)
			h.at(10 * time.Minute)
			require.Equal(t, []string{"r-L2-b"}, h.cancel.receipts())
			r := h.rec(id)
			require.Len(t, r.Fired, 2)
			require.Empty(t, r.Uncancelled)
			require.True(t, h.at(time.Hour).IsZero())
		}},
		{"a failed cancel is retried by the engine", nil, func(t *testing.T, h *harness) {
			h.cancel.fail = 1
			h.start(id, levels)
			h.at(10 * time.Minute)
			_, err := h.e.Resolve(context.Background(), id)
			require.NoError(t, err)
			require.Empty(t, h.cancel.receipts())
			require.Len(t, h.rec(id).Uncancelled, 2)
			require.Equal(t, t0.Add(10*time.Minute+DefaultMinBackoff), h.at(10*time.Minute))
			require.True(t, h.at(10*time.Minute+DefaultMinBackoff).IsZero())
			require.ElementsMatch(t, []string{"r-L1-a", "r-L2-b"}, h.cancel.receipts())
			require.Empty(t, h.rec(id).Uncancelled)
		}},
		{"alerts no longer firing: halted, nothing pages", func(o *Options) {
			o.StillFiring = func(context.Context, Record) (bool, string, error) { return false, "silenced", nil }
		}, func(t *testing.T, h *harness) {
			h.start(id, levels)
			require.True(t, h.at(10*time.Minute).IsZero())
			require.Empty(t, h.pager.pages())
			require.Equal(t, "silenced", h.rec(id).Halted)
		}},
		{"overdue levels fire in order after a long outage", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.at(time.Hour)
			pages := h.pager.pages()
			require.Len(t, pages, 2)
			require.Equal(t, []int{2, 3}, []int{pages[0].Level, pages[1].Level})
			require.Equal(t, []string{"a", "b"}, pages[1].Missed)
		}},
		{"a second first page joins the running escalation", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.clk.Add(2 * time.Minute)
			again := newRecord(id, levels[:1]) // a config reload dropped the levels: the running policy stays
			again.PagedAt = h.clk.Now()
			again.Fired[0].Receipts = []Receipt{{"a", "r-L1-a-2"}}
			again.Alerts = append(again.Alerts, AlertRef{Fingerprint: "beef", StartsAt: t0})
			r, err := h.e.Start(context.Background(), again)
			require.NoError(t, err)
			require.Equal(t, t0, r.PagedAt)
			require.Len(t, r.Levels, 3)
			require.Equal(t, []Receipt{{"a", "r-L1-a"}, {"a", "r-L1-a-2"}}, r.Fired[0].Receipts)
			require.Len(t, r.Alerts, 2)
			_, err = h.e.Resolve(context.Background(), id)
			require.NoError(t, err)
			require.Equal(t, []string{"r-L1-a", "r-L1-a-2"}, h.cancel.receipts())
			r, err = h.e.Start(context.Background(), again)
			require.NoError(t, err)
			require.False(t, r.Resolved, "after a resolve, a first page starts anew")
			require.Equal(t, again.PagedAt, r.PagedAt)
		}},
		{"a new escalation keeps the old one's cancels to retry", nil, func(t *testing.T, h *harness) {
			h.cancel.fail = 1
			h.start(id, levels)
			_, err := h.e.Resolve(context.Background(), id)
			require.NoError(t, err)
			again := newRecord(id, levels)
			again.Fired[0].Receipts = []Receipt{{"a", "r-L1-a-new"}}
			r, err := h.e.Start(context.Background(), again)
			require.NoError(t, err)
			require.Equal(t, []Receipt{{"a", "r-L1-a"}}, r.Uncancelled)
			h.at(time.Minute)
			require.Equal(t, []string{"r-L1-a"}, h.cancel.receipts(), "the old page is cancelled, the new one rings")
			h.at(10 * time.Minute)
			require.Len(t, h.pager.pages(), 1, "the new escalation fires")
		}},
		{"a page after the last level escalates again", nil, func(t *testing.T, h *harness) {
			h.start(id, levels)
			h.at(25 * time.Minute)
			h.clk.Add(4 * time.Hour) // Alertmanager's repeat_interval: the pipeline pages level 1 again
			again := newRecord(id, levels)
			again.PagedAt, again.Fired[0].At = h.clk.Now(), h.clk.Now()
			r, err := h.e.Start(context.Background(), again)
			require.NoError(t, err)
			require.Len(t, r.Fired, 1)
			require.Equal(t, t0.Add(4*time.Hour+35*time.Minute), h.at(4*time.Hour+25*time.Minute+time.Second))
			h.at(4*time.Hour + 35*time.Minute)
			require.Len(t, h.pager.pages(), 3, "levels 2 and 3, then level 2 of the new escalation")
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tc.run(t, newHarness(t, tc.opts))
		})
	}
}

func TestStopUnknown(t *testing.T) {
	h := newHarness(t, nil)
	_, _, err := h.e.Acknowledge(context.Background(), "nope", Ack{By: "a"})
	require.ErrorIs(t, err, ErrNotFound)
	_, err = h.e.Resolve(context.Background(), "nope")
	require.ErrorIs(t, err, ErrNotFound)
	require.Zero(t, h.store.Len(), "nothing created")
}

func TestStartRefusesBadRecords(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Record)
	}{
		{"no id", func(r *Record) { r.ID = "" }},
		{"no first page time", func(r *Record) { r.PagedAt = time.Time{} }},
		{"level 1 delayed", func(r *Record) { r.Levels[0].After = time.Minute }},
		{"first page not fired", func(r *Record) { r.Fired = nil }},
		{"levels not increasing", func(r *Record) { r.Levels[2].After = r.Levels[1].After }},
		{"level without names", func(r *Record) { r.Levels[1].To = nil }},
		{"snapshot not JSON", func(r *Record) { r.Snapshot = []byte("{") }},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			h := newHarness(t, nil)
			r := newRecord(id, append([]Level(nil), levels...))
			tc.change(&r)
			_, err := h.e.Start(context.Background(), r)
			require.ErrorIs(t, err, ErrInvalidRecord)
			require.Zero(t, h.store.Len())
		})
	}
}

func TestNewNeedsItsParts(t *testing.T) {
	_, err := New(Options{Store: NewMemStore()})
	require.Error(t, err)
}
