package ledger

import (
	"context"
	"errors"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	internalclock "github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger/ledgertest/recorder"
)

var t0 = time.Date(2026, 11, 22, 10, 8, 0, 0, time.UTC)

// clock is a settable test clock.
type clock = internalclock.Manual

// observer records what the ledger reports.
type observer = recorder.Observer

func refs(fps ...string) []AlertRef {
	out := make([]AlertRef, 0, len(fps))
	for _, fp := range fps {
		out = append(out, AlertRef{Fingerprint: fp, StartsAt: t0.Add(-time.Minute)})
	}
	return out
}

func emergency(receipt, tag string, fps ...string) Emergency {
	return Emergency{
		Receipt: receipt, Tag: tag, Receiver: "pushover-bridge", GroupKey: "{}:{alertname=\"X\"}",
		Route: "page", Recipient: "oncall", Alerts: refs(fps...),
		SentAt: t0, ExpiresAt: t0.Add(time.Hour),
	}
}

func openAt(t *testing.T, dir string, c *clock, o *observer) *Local {
	t.Helper()
	l, err := Open(dir, Options{Now: c.Now, Observer: o})
	require.NoError(t, err)
	t.Cleanup(func() { _ = l.Close() })
	return l
}

// coverage is what the ledger knows of a tag's emergencies for some
// alerts, as package emergency reads it.
type coverage string

const (
	NotPaged coverage = "not paged"
	Paged    coverage = "paged"
	Ringing  coverage = "ringing"
)

func cover(l Ledger, tag string, rs []AlertRef, now time.Time) coverage {
	es, err := l.Emergencies(context.Background(), Filter{Tag: tag})
	if err != nil {
		panic(err)
	}
	c := NotPaged
	for _, e := range es {
		if !e.Covers(rs) {
			continue
		}
		if e.Ringing(now) {
			return Ringing
		}
		c = Paged
	}
	return c
}

func accepted(l Ledger, key string) (time.Time, bool, error) {
	c, err := l.Claim(context.Background(), key, ClaimRequest{Holder: "test", TTL: time.Minute})
	if err != nil || c.State != Accepted {
		if c.State == Claimed {
			_ = l.Release(context.Background(), key, "test")
		}
		return time.Time{}, false, err
	}
	return c.At, true, nil
}

func acknowledgement(l Ledger, receiver, groupKey string, rs []AlertRef) *Ack {
	fps := make([]string, 0, len(rs))
	for _, r := range rs {
		fps = append(fps, r.Fingerprint)
	}
	es, _ := l.Emergencies(context.Background(), Filter{Receiver: receiver, GroupKey: groupKey, Fingerprints: fps})
	var latest *Ack
	for _, e := range es {
		if e.Ack != nil && e.Overlaps(rs) && (latest == nil || e.Ack.At.After(latest.At)) {
			latest = e.Ack
		}
	}
	return latest
}

func emergencyOf(l Ledger, receipt string) (Emergency, bool) {
	e, ok, err := l.Emergency(context.Background(), receipt)
	if err != nil {
		panic(err)
	}
	return e, ok
}

func outstanding(l Ledger, now time.Time) []Emergency {
	es, _ := l.Emergencies(context.Background(), Filter{RingingAt: now})
	return es
}

func cancelTag(l Ledger, tag string, at time.Time) error {
	es, err := l.Emergencies(context.Background(), Filter{Tag: tag})
	for _, e := range es {
		err = errors.Join(err, l.Cancel(context.Background(), e.Receipt, at))
	}
	return err
}
