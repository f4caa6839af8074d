package pushover

import (
	"context"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/clock"
)

const (
	userA = "uQiRzpo4DXghDmr9QzzfQu27cmVRsG"
	userB = "gznej3rKEVAvPUxu9vvNnqpmZpokzF"
	userC = "uAnotherUserXXXXXXXXXXXXXXXXXX"
)

// queueClient returns a client whose two slots are taken, on a manual
// clock; the test hands slots on with c.release.
func queueClient(t *testing.T, opts ...Option) (*Client, *clock.Manual) {
	t.Helper()
	clk := clock.NewManual(time.Date(2026, 12, 2, 12, 0, 0, 0, time.UTC))
	c, err := NewClient("azGDORePK8gMaC0QOYAMyEEuzJnyUi", append([]Option{WithClock(clk.Now)}, opts...)...)
	require.NoError(t, err)
	for range MaxConcurrent {
		require.NoError(t, c.acquire(context.Background(), &waiter{}))
	}
	return c, clk
}

// enqueue starts a waiter named id and returns when it is in the queue;
// its name goes to granted when it gets a slot.
func enqueue(t *testing.T, c *Client, ctx context.Context, id string, rank int, bucket string, granted chan<- string) chan error {
	t.Helper()
	n := waiting(c)
	errs := make(chan error, 1)
	go func() {
		err := c.acquire(ctx, &waiter{rank: rank, bucket: c.gate.hash(bucket)})
		errs <- err
		if err == nil {
			granted <- id
		}
	}()
	require.Eventually(t, func() bool { return waiting(c) == n+1 }, 5*time.Second, time.Millisecond)
	return errs
}

func waiting(c *Client) int {
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	return len(c.gate.waiting)
}

// grants releases a slot n times and returns who got each, in order.
func grants(t *testing.T, c *Client, granted <-chan string, n int) []string {
	t.Helper()
	var got []string
	for range n {
		c.release()
		select {
		case id := <-granted:
			got = append(got, id)
		case <-time.After(5 * time.Second):
			t.Fatalf("no waiter got the slot; so far %v", got)
		}
	}
	return got
}

// TestQueueOrder: with both slots taken, waiters get them by rank
// (emergencies and cancels first), round-robin between recipients within
// a rank, first come first served for one recipient.
func TestQueueOrder(t *testing.T) {
	c, _ := queueClient(t, WithAging(0))
	granted := make(chan string, 10)
	ctx := context.Background()
	for _, w := range []struct {
		id, bucket string
		rank       int
	}{
		{"lowest-A", userA, rankOf(PriorityLowest)},
		{"normal-A1", userA, rankNormal},
		{"normal-A2", userA, rankNormal},
		{"normal-B", userB, rankNormal},
		{"high-C", userC, rankHigh},
		{"emergency-A", userA, rankEmergency},
		{"cancel", "cancel", rankEmergency},
	} {
		enqueue(t, c, ctx, w.id, w.rank, w.bucket, granted)
	}
	got := grants(t, c, granted, 7)
	require.ElementsMatch(t, []string{"emergency-A", "cancel"}, got[:2], "emergency rank first, in either bucket order")
	require.Equal(t, "high-C", got[2])
	require.Contains(t, [][]string{{"normal-A1", "normal-B", "normal-A2"}, {"normal-B", "normal-A1", "normal-A2"}},
		got[3:6], "round-robin between A and B, A's in arrival order")
	require.Equal(t, "lowest-A", got[6])
	require.Zero(t, waiting(c))
}

// TestQueueRoundRobin: one recipient's flood does not hold up another's
// message of the same priority.
func TestQueueRoundRobin(t *testing.T) {
	c, _ := queueClient(t, WithAging(0))
	granted := make(chan string, 20)
	for i := range 10 {
		enqueue(t, c, context.Background(), "A"+string(rune('0'+i)), rankNormal, userA, granted)
	}
	enqueue(t, c, context.Background(), "B", rankNormal, userB, granted)
	got := grants(t, c, granted, 11)
	require.Contains(t, got[:2], "B", "B's one message goes within the first two: %v", got)
}

// TestQueueAging: a waiter moves up a rank every aging period, so that a
// stream of higher priorities does not starve it.
func TestQueueAging(t *testing.T) {
	c, clk := queueClient(t, WithAging(10*time.Second))
	granted := make(chan string, 10)
	ctx := context.Background()
	enqueue(t, c, ctx, "old-lowest", rankLowest, userA, granted)
	clk.Add(25 * time.Second) // lowest + 2 ranks: normal
	enqueue(t, c, ctx, "fresh-low", rankOf(PriorityLow), userA, granted)
	enqueue(t, c, ctx, "fresh-high", rankHigh, userA, granted)
	require.Equal(t, []string{"fresh-high", "old-lowest", "fresh-low"}, grants(t, c, granted, 3))

	enqueue(t, c, ctx, "old-normal", rankNormal, userA, granted)
	clk.Add(20 * time.Second) // normal + 2 ranks: emergency, and never beyond
	enqueue(t, c, ctx, "fresh-emergency", rankEmergency, userA, granted)
	require.Equal(t, []string{"old-normal", "fresh-emergency"}, grants(t, c, granted, 2),
		"same rank and recipient: first come first served")
}

// TestQueueContextEnds: a waiter whose context ends leaves the queue; the
// slot goes to the next one.
func TestQueueContextEnds(t *testing.T) {
	c, _ := queueClient(t)
	granted := make(chan string, 10)
	ctx, cancel := context.WithCancel(context.Background())
	errs := enqueue(t, c, ctx, "leaves", rankEmergency, userA, granted)
	enqueue(t, c, context.Background(), "stays", rankLowest, userB, granted)
	cancel()
	require.ErrorIs(t, <-errs, context.Canceled)
	require.Equal(t, 1, waiting(c))
	require.Equal(t, []string{"stays"}, grants(t, c, granted, 1))
	c.gate.mu.Lock()
	defer c.gate.mu.Unlock()
	require.Equal(t, MaxConcurrent, c.gate.inUse)
	require.Equal(t, [numRanks]int{}, c.gate.depth)
}
