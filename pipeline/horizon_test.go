package pipeline

import (
	"errors"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

// TestWouldKnow: the ledger would know every emergency sent for alerts
// that started after the pipeline began, until a ledger error: from then
// on only for alerts that started after that error.
func TestWouldKnow(t *testing.T) {
	c := clock.NewManual(time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC))
	p := New(Options{Now: c.Now})
	at := func(d time.Duration) template.Alerts {
		return template.Alerts{{StartsAt: c.Now().Add(d)}}
	}
	require.False(t, p.wouldKnow(at(-time.Second)), "started before the pipeline")
	require.True(t, p.wouldKnow(at(time.Second)))
	require.False(t, p.wouldKnow(nil), "no alerts: nothing to go by")

	c.Add(time.Minute)
	require.True(t, p.wouldKnow(at(-30*time.Second)), "started after the pipeline, before now")
	p.noteLedger(nil)
	require.True(t, p.wouldKnow(at(-30*time.Second)), "no error: the horizon stays")
	p.noteLedger(errors.New("disk full"))
	require.False(t, p.wouldKnow(at(-30*time.Second)), "the ledger failed since the alert started")
	require.False(t, p.wouldKnow(append(at(time.Second), at(-time.Second)...)), "every alert must be newer")
	require.True(t, p.wouldKnow(at(time.Second)))

	shared := New(Options{Now: c.Now, Shared: true})
	require.False(t, shared.wouldKnow(at(time.Hour)), "a shared ledger cannot vouch for the other replicas")
}
