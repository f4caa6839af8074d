package redisledger

import (
	"context"
	"strconv"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/redistest"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// BenchmarkLedgers runs the same workloads against the local ledger (bbolt
// file, fsync per group commit) and the Redis ledger (a redis-server on
// loopback: "redis" keeps it in memory, "redis-aof" appends every write
// to its file with fsync, as durable as bbolt), in one run:
//
//   - accept: the record after Pushover accepted a message, alone: the
//     crash window (a replica dying inside it leaves a sent message
//     unrecorded, which a retry sends again);
//   - delivery: one delivery at a time, claimed then accepted (two round
//     trips for Redis, one fsync for bbolt);
//   - webhook-8: a webhook of 8 deliveries, claimed and accepted in
//     parallel as the pipeline does (claims share a script run);
//   - parallel: deliveries from 16 goroutines per CPU (a storm);
//   - emergency: an emergency recorded, found by tag, acknowledged.
func BenchmarkLedgers(b *testing.B) {
	srv := redistest.Start(b, redistest.Options{})
	aof := redistest.Start(b, redistest.Options{Args: []string{"--appendonly", "yes", "--appendfsync", "always"}})
	for _, impl := range []struct {
		name string
		open func(b *testing.B) ledger.Ledger
	}{
		{"bbolt", func(b *testing.B) ledger.Ledger {
			l, err := ledger.Open(b.TempDir(), ledger.Options{})
			if err != nil {
				b.Fatal(err)
			}
			b.Cleanup(func() { _ = l.Close() })
			return l
		}},
		{"redis", func(b *testing.B) ledger.Ledger {
			return openOn(b, srv, prefix(b)+strconv.FormatInt(time.Now().UnixNano(), 36)+"/", Options{})
		}},
		{"redis-aof", func(b *testing.B) ledger.Ledger {
			return openOn(b, aof, prefix(b)+strconv.FormatInt(time.Now().UnixNano(), 36)+"/", Options{})
		}},
	} {
		b.Run(impl.name+"/accept", func(b *testing.B) { benchAccept(b, impl.open(b)) })
		b.Run(impl.name+"/delivery", func(b *testing.B) { benchDelivery(b, impl.open(b)) })
		b.Run(impl.name+"/webhook-8", func(b *testing.B) { benchWebhook(b, impl.open(b), 8) })
		b.Run(impl.name+"/parallel", func(b *testing.B) { benchParallel(b, impl.open(b)) })
		b.Run(impl.name+"/emergency", func(b *testing.B) { benchEmergency(b, impl.open(b)) })
	}
}

// deliver claims key and accepts it, as the pipeline does around a send.
func deliver(b *testing.B, l ledger.Ledger, key, holder string) {
	ctx := context.Background()
	c, err := l.Claim(ctx, key, ledger.ClaimRequest{Holder: holder, TTL: time.Minute})
	if err != nil || c.State != ledger.Claimed {
		b.Fatalf("claim %s: %v %v", key, c.State, err)
	}
	if err := l.Accept(ctx, key, holder, time.Now()); err != nil {
		b.Fatal(err)
	}
}

func benchDelivery(b *testing.B, l ledger.Ledger) {
	i := 0
	for b.Loop() {
		i++
		deliver(b, l, "d"+strconv.Itoa(i), "h")
	}
}

func benchAccept(b *testing.B, l ledger.Ledger) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if err := l.Accept(ctx, "a"+strconv.Itoa(i), "h", time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}

func benchWebhook(b *testing.B, l ledger.Ledger, n int) {
	i := 0
	for b.Loop() {
		i++
		var wg sync.WaitGroup
		for j := range n {
			wg.Go(func() { deliver(b, l, "w"+strconv.Itoa(i)+"-"+strconv.Itoa(j), "h") })
		}
		wg.Wait()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/delivery")
}

func benchParallel(b *testing.B, l ledger.Ledger) {
	var n atomic.Int64
	b.SetParallelism(16)
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			deliver(b, l, "p"+strconv.FormatInt(n.Add(1), 10), "h")
		}
	})
}

func benchEmergency(b *testing.B, l ledger.Ledger) {
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		r := "r" + strconv.Itoa(i)
		e := ledger.Emergency{Receipt: r, Tag: "tag" + strconv.Itoa(i), Receiver: "x", GroupKey: "g",
			SentAt: time.Now(), ExpiresAt: time.Now().Add(time.Hour)}
		if err := l.AddEmergency(ctx, e); err != nil {
			b.Fatal(err)
		}
		if _, err := l.Emergencies(ctx, ledger.Filter{Tag: e.Tag}); err != nil {
			b.Fatal(err)
		}
		if _, _, err := l.Acknowledge(ctx, r, ledger.Ack{At: time.Now(), By: "oncall"}); err != nil {
			b.Fatal(err)
		}
	}
}
