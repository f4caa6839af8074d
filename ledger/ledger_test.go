package ledger

import (
	"context"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

func TestDeliveriesSurviveReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := internalclock.NewManual(t0)
	l := openAt(t, dir, c, &observer{})
	require.NoError(t, l.Accept(ctx, "k1", "", t0))
	_, ok, err := accepted(l, "k2")
	require.NoError(t, err)
	require.False(t, ok)
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, &observer{})
	at, ok, err := accepted(l, "k1")
	require.NoError(t, err)
	require.True(t, ok)
	require.True(t, at.Equal(t0))
}

func TestEmergencyLifecycleSurvivesReopen(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := internalclock.NewManual(t0)
	o := &observer{}
	l := openAt(t, dir, c, o)
	require.NoError(t, l.AddEmergency(ctx, emergency("r1", "tagA", "a", "b")))
	require.NoError(t, l.AddEmergency(ctx, emergency("r2", "tagB", "a", "b")))
	require.Equal(t, 2, o.Outstanding())

	for _, tc := range []struct {
		name string
		tag  string
		refs []AlertRef
		want coverage
	}{
		{"same alerts", "tagA", refs("a", "b"), Ringing},
		{"a subset", "tagA", refs("a"), Ringing},
		{"a new alert", "tagA", refs("a", "c"), NotPaged},
		{"another start", "tagA", []AlertRef{{Fingerprint: "a", StartsAt: t0}}, NotPaged},
		{"another tag", "tagC", refs("a"), NotPaged},
	} {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, cover(l, tc.tag, tc.refs, c.Now()))
		})
	}

	c.Add(time.Minute)
	e, first, err := l.Acknowledge(ctx, "r1", Ack{At: c.Now(), By: "oncall", Device: "phone"})
	require.NoError(t, err)
	require.True(t, first)
	require.Equal(t, "oncall", e.Ack.By)
	_, first, err = l.Acknowledge(ctx, "r1", Ack{At: c.Now(), By: "someone else"})
	require.NoError(t, err)
	require.False(t, first, "only the first acknowledgement counts")
	require.NoError(t, cancelTag(l, "tagB", c.Now()))
	require.Equal(t, 0, o.Outstanding())
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, o)
	require.Equal(t, Paged, cover(l, "tagA", refs("a", "b"), c.Now()))
	require.Equal(t, Paged, cover(l, "tagB", refs("a", "b"), c.Now()))
	ack := acknowledgement(l, "pushover-bridge", "{}:{alertname=\"X\"}", refs("b"))
	require.NotNil(t, ack)
	require.Equal(t, Ack{At: t0.Add(time.Minute), By: "oncall", Device: "phone"}, *ack)
	require.Nil(t, acknowledgement(l, "pushover-bridge", "{}:{alertname=\"X\"}", refs("z")), "another incident")
	r2, ok := emergencyOf(l, "r2")
	require.True(t, ok)
	require.True(t, r2.Cancelled.Equal(t0.Add(time.Minute)))
	require.Empty(t, outstanding(l, c.Now()))
}

func TestExpiredEmergencyStopsRinging(t *testing.T) {
	ctx := context.Background()
	c := internalclock.NewManual(t0)
	l := NewMemory(Options{Now: c.Now})
	require.NoError(t, l.AddEmergency(ctx, emergency("r1", "tagA", "a")))
	require.Len(t, outstanding(l, c.Now()), 1)
	require.NoError(t, l.Expire(ctx, "r1"))
	require.Empty(t, outstanding(l, c.Now()))
	require.Equal(t, Paged, cover(l, "tagA", refs("a"), c.Now()))

	require.NoError(t, l.AddEmergency(ctx, emergency("r2", "tagB", "a")))
	require.Equal(t, Ringing, cover(l, "tagB", refs("a"), c.Now()))
	c.Add(time.Hour)
	require.Equal(t, Paged, cover(l, "tagB", refs("a"), c.Now()), "past expires_at")
}

func TestPrune(t *testing.T) {
	ctx := context.Background()
	dir := t.TempDir()
	c := internalclock.NewManual(t0)
	l := openAt(t, dir, c, &observer{})
	require.NoError(t, l.Accept(ctx, "old", "", t0))
	require.NoError(t, l.AddEmergency(ctx, emergency("r1", "tagA", "a")))
	c.Add(2 * time.Hour)
	require.NoError(t, l.Accept(ctx, "new", "", c.Now()))
	r2 := emergency("r2", "tagB", "a")
	r2.SentAt, r2.ExpiresAt = c.Now(), c.Now().Add(time.Hour)
	require.NoError(t, l.AddEmergency(ctx, r2))

	c.Add(DefaultRetention - time.Hour + time.Minute) // r1 expired at t0+1h, over 24h ago; "old" is over 25h old
	n, err := l.Prune(c.Now())
	require.NoError(t, err)
	require.Equal(t, 2, n)
	d, e := l.Len()
	require.Equal(t, 1, d)
	require.Equal(t, 1, e)
	require.NoError(t, l.Close())

	l = openAt(t, dir, c, &observer{})
	d, e = l.Len()
	require.Equal(t, 1, d, "pruned on disk too")
	require.Equal(t, 1, e)
	_, ok := emergencyOf(l, "r2")
	require.True(t, ok)
}

func TestOpenFailures(t *testing.T) {
	garbage := func(t *testing.T) string {
		dir := t.TempDir()
		b := make([]byte, 64*1024)
		for i := range b {
			b[i] = byte(i*7 + 13)
		}
		require.NoError(t, os.WriteFile(filepath.Join(dir, FileName), b, 0o600))
		return dir
	}
	underAFile := func(t *testing.T) string {
		f := filepath.Join(t.TempDir(), "a-file")
		require.NoError(t, os.WriteFile(f, []byte("x"), 0o600))
		return filepath.Join(f, "data")
	}
	locked := func(t *testing.T) string {
		dir := t.TempDir()
		openAt(t, dir, internalclock.NewManual(t0), &observer{})
		return dir
	}
	for _, tc := range []struct {
		name string
		dir  func(t *testing.T) string
		is   error
		text string
	}{
		{"corrupt file", garbage, ErrCorrupt, "move it aside"},
		{"unwritable directory", underAFile, nil, "not a directory"},
		{"locked by another process", locked, ErrLocked, "locked"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := tc.dir(t)
			o := &observer{}
			l, err := OpenOrMemory(dir, Options{Observer: o, OpenTimeout: 50 * time.Millisecond})
			require.Error(t, err)
			var oe *OpenError
			require.ErrorAs(t, err, &oe)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			require.Contains(t, err.Error(), tc.text)
			require.False(t, l.Durable())
			require.ErrorIs(t, l.Health(context.Background()), err)
			require.Equal(t, []bool{false}, o.Healthy())
			require.Equal(t, 1, o.Errors("open"))

			// The fallback still works.
			ctx := context.Background()
			require.NoError(t, l.Accept(ctx, "k", "", time.Now()))
			_, ok, _ := accepted(l, "k")
			require.True(t, ok)
		})
	}
}

func TestUnwritableDirectoryPermissions(t *testing.T) {
	if os.Geteuid() == 0 {
		t.Skip("root ignores directory permissions")
	}
	dir := filepath.Join(t.TempDir(), "ro")
	require.NoError(t, os.Mkdir(dir, 0o500))
	_, err := Open(dir, Options{})
	require.ErrorContains(t, err, "permission denied")
}

func TestWriteFailureKeepsMemoryAndReports(t *testing.T) {
	ctx := context.Background()
	c := internalclock.NewManual(t0)
	o := &observer{}
	l := openAt(t, t.TempDir(), c, o)
	require.NoError(t, l.Health(context.Background()))
	require.NoError(t, l.db.Close()) // the disk goes away under the ledger

	err := l.Accept(ctx, "k", "", t0)
	var we *WriteError
	require.ErrorAs(t, err, &we)
	require.Equal(t, "record", we.Op)
	require.Error(t, l.Health(context.Background()))
	require.Equal(t, 1, o.Errors("record"))
	require.Equal(t, []bool{true, false}, o.Healthy())
	_, ok, _ := accepted(l, "k")
	require.True(t, ok, "kept in memory")
}

func TestEmptyDirIsMemoryOnly(t *testing.T) {
	l, err := OpenOrMemory("", Options{})
	require.NoError(t, err)
	require.False(t, l.Durable())
	require.NoError(t, l.Health(context.Background()))
	require.NoError(t, l.Close())
	require.NoError(t, l.Close())
}
