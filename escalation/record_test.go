package escalation

import (
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

var update = flag.Bool("update", false, "rewrite the golden files")

// fullRecord sets every field.
func fullRecord() Record {
	r := newRecord(ScopeID("team", `{}:{alertname="DBDown"}`, "page-db", "prod"), levels)
	r.Fired = append(r.Fired, FiredLevel{Level: 2, At: t0.Add(10 * time.Minute), Recipients: []string{"bob"},
		Unresolved: []string{"db-nobody"}, Receipts: []Receipt{{"bob", "r-L2-bob"}}})
	r.Acked = &Ack{By: "bob", At: t0.Add(12 * time.Minute), Level: 2, Via: "receipt poll", Receipt: "r-L2-bob"}
	r.Resolved, r.ResolvedAt = true, t0.Add(time.Hour)
	r.Halted = "silenced"
	r.Uncancelled = []Receipt{{"a", "r-L1-a"}}
	return r
}

func TestRecordJSON(t *testing.T) {
	r := fullRecord()
	b, err := json.MarshalIndent(r, "", "  ")
	require.NoError(t, err)
	golden := filepath.Join("testdata", "record.golden.json")
	if *update {
		require.NoError(t, os.WriteFile(golden, append(b, '\n'), 0o644))
	}
	want, err := os.ReadFile(golden)
	require.NoError(t, err)
	require.JSONEq(t, string(want), string(b), "the ledger's stored form; run with -update after a deliberate change")

	compact, err := json.Marshal(r)
	require.NoError(t, err)
	var back Record
	require.NoError(t, json.Unmarshal(compact, &back))
	require.Equal(t, r, back, "a stored record reads back unchanged")
}

func TestScopeIDAndPageKey(t *testing.T) {
	a := ScopeID("team", "{}:{a=\"1\"}", "page-db", "prod")
	require.Regexp(t, `^esc-[0-9a-f]{24}$`, a)
	require.Equal(t, a, ScopeID("team", "{}:{a=\"1\"}", "page-db", "prod"))
	require.NotEqual(t, a, ScopeID("team", "{}:{a=\"1\"}", "page-db", "staging"), "scopes differ")
	require.NotEqual(t, ScopeID("ab", "c", "r", ""), ScopeID("a", "bc", "r", ""), "fields do not run together")
	require.Equal(t, a+"/level-2", PageKey(a, 2))
}

func TestNextDue(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Record)
		want   time.Time // zero: nothing due
	}{
		{"level 2 next", func(*Record) {}, t0.Add(10 * time.Minute)},
		{"level 3 next", func(r *Record) { r.Fired = append(r.Fired, FiredLevel{Level: 2}) }, t0.Add(25 * time.Minute)},
		{"every level fired", func(r *Record) { r.Fired = append(r.Fired, FiredLevel{Level: 2}, FiredLevel{Level: 3}) }, time.Time{}},
		{"acknowledged", func(r *Record) { r.Acked = &Ack{By: "a"} }, time.Time{}},
		{"resolved", func(r *Record) { r.Resolved = true }, time.Time{}},
		{"halted", func(r *Record) { r.Halted = "silenced" }, time.Time{}},
		{"no level but the first", func(r *Record) { r.Levels = r.Levels[:1] }, time.Time{}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecord(id, levels)
			tc.change(&r)
			got, ok := r.NextDue()
			require.Equal(t, !tc.want.IsZero(), ok)
			require.Equal(t, tc.want, got)
			if ok {
				require.False(t, r.Due(got.Add(-time.Nanosecond)))
				require.True(t, r.Due(got))
			}
		})
	}
}

func TestFinishedAt(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Record)
		want   time.Time // zero: not finished
	}{
		{"escalating", func(*Record) {}, time.Time{}},
		{"acknowledged", func(r *Record) { r.Acked = &Ack{At: t0.Add(3 * time.Minute)} }, t0.Add(3 * time.Minute)},
		{"acknowledged, a cancel pending", func(r *Record) {
			r.Acked = &Ack{At: t0.Add(3 * time.Minute)}
			r.Uncancelled = []Receipt{{"a", "r-L1-a"}}
		}, time.Time{}},
		{"resolved after the ack", func(r *Record) {
			r.Acked, r.Resolved, r.ResolvedAt = &Ack{At: t0.Add(3 * time.Minute)}, true, t0.Add(time.Hour)
		}, t0.Add(time.Hour)},
		{"every level fired", func(r *Record) {
			r.Fired = append(r.Fired, FiredLevel{Level: 2, At: t0.Add(10 * time.Minute)},
				FiredLevel{Level: 3, At: t0.Add(25 * time.Minute)})
		}, t0.Add(25 * time.Minute)},
		{"halted", func(r *Record) { r.Halted = "silenced" }, t0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			r := newRecord(id, levels)
			tc.change(&r)
			got, ok := r.FinishedAt()
			require.Equal(t, !tc.want.IsZero(), ok)
			require.Equal(t, tc.want, got)
		})
	}
}

func FuzzRecordJSON(f *testing.F) {
	b, err := json.Marshal(fullRecord())
	require.NoError(f, err)
	f.Add(b)
	f.Add([]byte(`{"levels":[{"after":0}],"fired":[{"level":1},{"level":2},{"level":3}]}`))
	f.Add([]byte(`{"snapshot":[1,2],"acked":null}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var r Record
		if json.Unmarshal(data, &r) != nil {
			return
		}
		// Nothing a damaged ledger holds makes the engine's reads panic.
		r.NextDue()
		r.FinishedAt()
		r.Missed()
		r.Receipts()
		r.levelOf("x")
		_ = r.Validate()
		out, err := json.Marshal(r)
		require.NoError(t, err)
		var back Record
		require.NoError(t, json.Unmarshal(out, &back))
	})
}
