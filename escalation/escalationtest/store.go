// Package escalationtest holds the conformance tests every
// escalation.Store must pass: the in-memory one, and the ledger's (bbolt
// and Redis) when they implement it. Call TestStore from a _test file.
package escalationtest

import (
	"context"
	"errors"
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
)

var t0 = time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)

// Record returns a valid escalation id first paged at paged, with levels
// after 10m and 25m, for tests of stores.
func Record(id string, paged time.Time) escalation.Record {
	return escalation.Record{
		ID: id, Receiver: "team", GroupKey: `{}:{alertname="DBDown"}`, Route: "page-db", Scope: "prod",
		Levels: []escalation.Level{
			{To: []string{"a"}}, {After: 10 * time.Minute, To: []string{"b"}}, {After: 25 * time.Minute, To: []string{"c"}},
		},
		PagedAt: paged,
		Fired: []escalation.FiredLevel{{Level: 1, At: paged, Recipients: []string{"a"},
			Receipts: []escalation.Receipt{{Recipient: "a", Receipt: "r-" + id}}}},
		Snapshot: []byte(`{"status":"firing"}`),
	}
}

// TestStore runs the conformance tests; newStore returns an empty store.
func TestStore(t *testing.T, newStore func(t *testing.T) escalation.Store) {
	for name, test := range map[string]func(*testing.T, escalation.Store){
		"put and get":                     testPutGet,
		"update":                          testUpdate,
		"update is atomic":                testUpdateAtomic,
		"due and pending":                 testDuePending,
		"delete":                          testDelete,
		"a failed update changes nothing": testUpdateError,
	} {
		t.Run(name, func(t *testing.T) { test(t, newStore(t)) })
	}
}

func testPutGet(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	_, ok, err := s.Get(ctx, "nope")
	require.NoError(t, err)
	require.False(t, ok)
	want := Record("esc-1", t0)
	want.Acked = &escalation.Ack{By: "a", At: t0.Add(time.Minute), Level: 1}
	require.NoError(t, s.Put(ctx, want))
	got, ok, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.True(t, ok)
	require.Equal(t, want, got)
	got.Fired[0].Recipients[0] = "changed"
	again, _, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.Equal(t, "a", again.Fired[0].Recipients[0], "a record read shares nothing with the store")
}

func testUpdate(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	rec, err := s.Update(ctx, "esc-1", func(r *escalation.Record, found bool) error {
		require.False(t, found)
		*r = Record("esc-1", t0)
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, Record("esc-1", t0), rec)
	rec, err = s.Update(ctx, "esc-1", func(r *escalation.Record, found bool) error {
		require.True(t, found)
		r.Halted = "silenced"
		return nil
	})
	require.NoError(t, err)
	require.Equal(t, "silenced", rec.Halted)
	got, _, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.Equal(t, rec, got)
}

func testUpdateError(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, Record("esc-1", t0)))
	boom := errors.New("boom")
	_, err := s.Update(ctx, "esc-1", func(r *escalation.Record, _ bool) error {
		r.Halted = "changed"
		return boom
	})
	require.ErrorIs(t, err, boom)
	got, _, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.Empty(t, got.Halted)
	_, err = s.Update(ctx, "esc-2", func(r *escalation.Record, found bool) error {
		*r = Record("esc-2", t0)
		return boom
	})
	require.ErrorIs(t, err, boom)
	_, ok, err := s.Get(ctx, "esc-2")
	require.NoError(t, err)
	require.False(t, ok, "nothing created")
}

// testUpdateAtomic runs concurrent updates of one record: none is lost.
func testUpdateAtomic(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, Record("esc-1", t0)))
	const n = 20
	var wg sync.WaitGroup
	errs := make(chan error, n)
	for i := range n {
		wg.Add(1)
		go func() {
			defer wg.Done()
			_, err := s.Update(ctx, "esc-1", func(r *escalation.Record, _ bool) error {
				r.Alerts = append(r.Alerts, escalation.AlertRef{Fingerprint: fmt.Sprint(i), StartsAt: t0})
				return nil
			})
			errs <- err
		}()
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		require.NoError(t, err)
	}
	got, _, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.Len(t, got.Alerts, n)
}

func testDuePending(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	early, late := Record("esc-early", t0), Record("esc-late", t0.Add(5*time.Minute))
	acked := Record("esc-acked", t0)
	acked.Acked = &escalation.Ack{By: "a", At: t0}
	cancelling := Record("esc-cancelling", t0.Add(time.Hour))
	cancelling.Resolved, cancelling.Uncancelled = true, cancelling.Fired[0].Receipts
	for _, r := range []escalation.Record{late, acked, early, cancelling} {
		require.NoError(t, s.Put(ctx, r))
	}
	ids := func(rs []escalation.Record) []string {
		var out []string
		for _, r := range rs {
			out = append(out, r.ID)
		}
		return out
	}
	due, err := s.Due(ctx, t0.Add(9*time.Minute))
	require.NoError(t, err)
	require.Equal(t, []string{"esc-cancelling"}, ids(due), "cancels are due at once")
	due, err = s.Due(ctx, t0.Add(10*time.Minute))
	require.NoError(t, err)
	require.Equal(t, []string{"esc-cancelling", "esc-early"}, ids(due))
	due, err = s.Due(ctx, t0.Add(15*time.Minute))
	require.NoError(t, err)
	require.Equal(t, []string{"esc-cancelling", "esc-early", "esc-late"}, ids(due), "soonest first")
	pending, err := s.Pending(ctx)
	require.NoError(t, err)
	require.Equal(t, []string{"esc-cancelling", "esc-early", "esc-late"}, ids(pending), "no finished record")
}

func testDelete(t *testing.T, s escalation.Store) {
	ctx := context.Background()
	require.NoError(t, s.Put(ctx, Record("esc-1", t0)))
	require.NoError(t, s.Delete(ctx, "esc-1"))
	require.NoError(t, s.Delete(ctx, "esc-1"), "deleting an unknown id is no error")
	_, ok, err := s.Get(ctx, "esc-1")
	require.NoError(t, err)
	require.False(t, ok)
	pending, err := s.Pending(ctx)
	require.NoError(t, err)
	require.Empty(t, pending)
}
