package ledger

import (
	"context"
	"fmt"
	"math/rand/v2"
	"sort"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

// TestIndexAgreesWithScan changes random emergencies at random and checks
// that every filter the indexes answer selects what a scan of every
// emergency selects, and that the ringing count is the scan's.
func TestIndexAgreesWithScan(t *testing.T) {
	ctx := context.Background()
	c := internalclock.NewManual(t0)
	o := &observer{}
	l := NewMemory(Options{Now: c.Now, Observer: o})
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 400 {
		e := emergency(fmt.Sprintf("r%03d", rng.IntN(150)), fmt.Sprintf("tag%d", rng.IntN(20)),
			fmt.Sprintf("fp%d", rng.IntN(30)), fmt.Sprintf("fp%d", rng.IntN(30)))
		e.GroupKey = fmt.Sprintf("g%d", rng.IntN(10))
		e.ExpiresAt = t0.Add(time.Duration(rng.IntN(120)) * time.Minute)
		require.NoError(t, l.AddEmergency(ctx, e))
		r := fmt.Sprintf("r%03d", rng.IntN(150))
		switch i % 4 {
		case 0:
			_, _, err := l.Acknowledge(ctx, r, Ack{At: c.Now(), By: "x"})
			require.NoError(t, err)
		case 1:
			require.NoError(t, l.Cancel(ctx, r, c.Now()))
		case 2:
			require.NoError(t, l.Expire(ctx, r))
		}
		c.Add(time.Duration(rng.IntN(60)) * time.Second)
		if i%20 == 0 {
			checkAgainstScan(t, l, o, c.Now(), rng)
		}
	}
	c.Add(48 * time.Hour)
	_, err := l.Prune(c.Now())
	require.NoError(t, err)
	checkAgainstScan(t, l, o, c.Now(), rng)
	require.Empty(t, l.ix.byTag)
	require.Empty(t, l.ix.byFP)
	require.Empty(t, l.ix.open)
}

func checkAgainstScan(t *testing.T, l *Local, o *observer, now time.Time, rng *rand.Rand) {
	t.Helper()
	filters := []Filter{
		{Tag: fmt.Sprintf("tag%d", rng.IntN(20))},
		{GroupKey: fmt.Sprintf("g%d", rng.IntN(10)), Receiver: "pushover-bridge"},
		{Fingerprints: []string{fmt.Sprintf("fp%d", rng.IntN(30)), fmt.Sprintf("fp%d", rng.IntN(30))}},
		{RingingAt: now},
		{RingingAt: now.Add(-time.Hour)},
		{Tag: fmt.Sprintf("tag%d", rng.IntN(20)), RingingAt: now},
		{GroupKey: fmt.Sprintf("g%d", rng.IntN(10)), Fingerprints: []string{fmt.Sprintf("fp%d", rng.IntN(30))}},
	}
	for _, f := range filters {
		got, err := l.Emergencies(context.Background(), f)
		require.NoError(t, err)
		require.Equal(t, scan(l, f), receiptsOf(got), "filter %+v", f)
	}
	l.reportOutstanding() // as the janitor does: the clock moved since the last change
	require.Len(t, scan(l, Filter{RingingAt: now}), o.Outstanding())
}

// scan is what Emergencies selects without indexes.
func scan(l *Local, f Filter) []string {
	l.mu.RLock()
	defer l.mu.RUnlock()
	var out []string
	for _, e := range l.emergencies {
		if f.Match(e) {
			out = append(out, e.Receipt)
		}
	}
	sort.Strings(out)
	return out
}

func receiptsOf(es []Emergency) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.Receipt)
	}
	sort.Strings(out)
	return out
}
