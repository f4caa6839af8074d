package ledger

import (
	"context"
	"strconv"
	"sync/atomic"
	"testing"
	"time"
)

// BenchmarkRecordParallel measures durable Record calls from many
// goroutines: DB.Batch groups them into shared commits, so the throughput
// is far above one fsync per page.
func BenchmarkRecordParallel(b *testing.B) {
	l, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	var n atomic.Int64
	b.SetParallelism(16)
	b.ResetTimer()
	b.RunParallel(func(pb *testing.PB) {
		for pb.Next() {
			if err := l.Record(ctx, "key-"+strconv.FormatInt(n.Add(1), 10), time.Now()); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkAccepted measures a lookup, which never touches the disk.
func BenchmarkAccepted(b *testing.B) {
	l := NewMemory(Options{})
	ctx := context.Background()
	_ = l.Record(ctx, "k", time.Now())
	b.ResetTimer()
	for b.Loop() {
		_, _, _ = l.Accepted(ctx, "k")
	}
}

// BenchmarkRecordSerial measures durable Record calls one after another:
// one fsync each, with no added delay.
func BenchmarkRecordSerial(b *testing.B) {
	l, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if err := l.Record(ctx, "key-"+strconv.Itoa(i), time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
