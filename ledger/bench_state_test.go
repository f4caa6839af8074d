package ledger

import (
	"context"
	"fmt"
	"runtime"
	"strconv"
	"testing"
	"time"
)

// BenchmarkWebhookState measures the ledger's work for one 2-alert
// critical webhook (what the pipeline asks: two claims, the emergency
// look-ups of Decide, Acknowledged and the cover by tag, the emergency
// recorded, two deliveries accepted, the group stored) in a memory ledger
// that is empty, and one that holds 20,000 ringing emergencies and 100,000
// delivery records (issue 17: within +20 %). heap-MiB is the live heap
// after filling.
func BenchmarkWebhookState(b *testing.B) {
	for _, size := range []struct {
		name                    string
		emergencies, deliveries int
	}{{"empty", 0, 0}, {"20k-emergencies-100k-records", 20000, 100000}} {
		b.Run(size.name, func(b *testing.B) {
			l := NewMemory(Options{})
			fill(b, l, size.emergencies, size.deliveries)
			var m runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m)
			b.ReportAllocs()
			i := 0
			for b.Loop() {
				i++
				webhook(b, l, "bench-"+strconv.Itoa(i))
			}
			b.ReportMetric(float64(m.HeapAlloc)/(1<<20), "heap-MiB")
		})
	}
}

// fill adds emergencies ringing emergencies (3 records each, as a
// critical webhook leaves) and delivery records up to deliveries.
func fill(b *testing.B, l *Local, emergencies, deliveries int) {
	b.Helper()
	ctx := context.Background()
	now := time.Now()
	for i := range emergencies {
		id := "fill-" + strconv.Itoa(i)
		e := emergency("receipt-"+id, "tag-"+id, "fp-"+id+"-a", "fp-"+id+"-b")
		e.GroupKey, e.SentAt, e.ExpiresAt = "group-"+id, now, now.Add(time.Hour)
		if err := l.AddEmergency(ctx, e); err != nil {
			b.Fatal(err)
		}
	}
	for i := range deliveries {
		if err := l.Accept(ctx, fmt.Sprintf("delivery-%d", i), "", now); err != nil {
			b.Fatal(err)
		}
	}
}

// webhook does what the pipeline asks of the ledger for one critical group.
func webhook(b *testing.B, l *Local, id string) {
	ctx := context.Background()
	now := time.Now()
	fps := []string{"fp-" + id + "-a", "fp-" + id + "-b"}
	for _, k := range []string{"page-" + id, "team-" + id} {
		if _, err := l.Claim(ctx, k, ClaimRequest{Holder: "h", TTL: time.Minute}); err != nil {
			b.Fatal(err)
		}
	}
	group := "group-" + id
	for _, f := range []Filter{
		{Source: "http://am", Receiver: "pushover-bridge", Fingerprints: fps},
		{Receiver: "pushover-bridge", GroupKey: group, Fingerprints: fps},
		{Tag: "tag-" + id},
		{Receiver: "pushover-bridge", GroupKey: group},
	} {
		if _, err := l.Emergencies(ctx, f); err != nil {
			b.Fatal(err)
		}
	}
	e := emergency("receipt-"+id, "tag-"+id, fps...)
	e.GroupKey, e.SentAt, e.ExpiresAt = group, now, now.Add(time.Hour)
	err := l.AddEmergency(ctx, e)
	for _, k := range []string{"page-" + id, "team-" + id} {
		err = errorsJoin(err, l.Accept(ctx, k, "h", now))
	}
	err = errorsJoin(err, l.PutGroup(ctx, Group{ID: group, Receiver: "pushover-bridge", GroupKey: group}))
	if err != nil {
		b.Fatal(err)
	}
}

func errorsJoin(a, b error) error {
	if a != nil {
		return a
	}
	return b
}
