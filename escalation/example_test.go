package escalation_test

import (
	"context"
	"fmt"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/escalation"
)

type printPager struct{}

func (printPager) Page(_ context.Context, rec escalation.Record, level int, recipients, missed []string) ([]escalation.Receipt, error) {
	fmt.Printf("page level %d of %s to %v: %v did not answer\n", level, rec.Route, recipients, missed)
	return []escalation.Receipt{{Recipient: recipients[0], Receipt: fmt.Sprintf("receipt-%d", level)}}, nil
}

type printCanceller struct{}

func (printCanceller) CancelReceipts(_ context.Context, rs []escalation.Receipt) (int, error) {
	fmt.Println("cancel", rs)
	return len(rs), nil
}

// The pipeline starts an escalation when it sends an emergency, and stops
// it on the first acknowledgement; Run (not shown) fires the levels.
func Example() {
	ctx := context.Background()
	paged := time.Date(2026, 12, 2, 3, 0, 0, 0, time.UTC)
	e, err := escalation.New(escalation.Options{
		Store: escalation.NewMemStore(), Pager: printPager{}, Canceller: printCanceller{},
		Now: func() time.Time { return paged.Add(3 * time.Minute) },
	})
	if err != nil {
		panic(err)
	}
	id := escalation.ScopeID("team-db", `{}:{alertname="DBDown"}`, "page-db", "prod")
	rec, err := e.Start(ctx, escalation.Record{
		ID: id, Route: "page-db", PagedAt: paged,
		Levels: []escalation.Level{{To: []string{"db-primary"}}, {After: 10 * time.Minute, To: []string{"db-lead"}}},
		Fired: []escalation.FiredLevel{{Level: 1, At: paged, Recipients: []string{"alice"},
			Receipts: []escalation.Receipt{{Recipient: "alice", Receipt: "receipt-1"}}}},
	})
	if err != nil {
		panic(err)
	}
	due, _ := rec.NextDue()
	fmt.Println("level 2 due at", due.Format(time.TimeOnly))
	rec, first, err := e.Acknowledge(ctx, id, escalation.Ack{By: "alice", Via: "receipt poll", Receipt: "receipt-1"})
	if err != nil {
		panic(err)
	}
	_, pending := rec.NextDue()
	fmt.Println("acknowledged by", rec.Acked.By, "at level", rec.Acked.Level, "first:", first, "pending:", pending)
	// Output:
	// level 2 due at 03:10:00
	// acknowledged by alice at level 1 first: true pending: false
}
