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
			if err := l.Accept(ctx, "key-"+strconv.FormatInt(n.Add(1), 10), "", time.Now()); err != nil {
				b.Error(err)
			}
		}
	})
}

// BenchmarkClaimAccepted measures a claim of an accepted key, which never touches the disk.
func BenchmarkClaimAccepted(b *testing.B) {
	l := NewMemory(Options{})
	ctx := context.Background()
	_ = l.Accept(ctx, "k", "", time.Now())
	b.ResetTimer()
	for b.Loop() {
		_, _, _ = accepted(l, "k")
	}
}

// BenchmarkAcceptSerial measures durable Accept calls one after another:
// one fsync each, with no added delay.
func BenchmarkAcceptSerial(b *testing.B) {
	l, err := Open(b.TempDir(), Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer l.Close()
	ctx := context.Background()
	i := 0
	for b.Loop() {
		i++
		if err := l.Accept(ctx, "key-"+strconv.Itoa(i), "", time.Now()); err != nil {
			b.Fatal(err)
		}
	}
}
