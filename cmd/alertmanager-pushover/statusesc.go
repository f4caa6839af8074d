package main

import (
	"context"
	"fmt"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// statusHandoffs is how many of each schedule's next hand-offs the status
// page lists.
const statusHandoffs = 3

// escalationRow is a pending escalation on the status page: names only.
type escalationRow struct {
	PagedAt       time.Time
	Route         string
	Fired, Levels int
	Missed        []string
	Next          string
}

// pendingEscalations lists the escalations with a level left to fire or
// receipts left to cancel.
func (a *App) pendingEscalations(now time.Time) []escalationRow {
	recs, err := escalationStore(a.ledger).Pending(context.Background())
	if err != nil {
		return nil
	}
	out := make([]escalationRow, 0, len(recs))
	for _, r := range recs {
		row := escalationRow{PagedAt: r.PagedAt, Route: r.Route, Fired: len(r.Fired), Levels: len(r.Levels),
			Missed: r.Missed(), Next: "cancelling the pages"}
		if due, ok := r.NextDue(); ok {
			row.Next = fmt.Sprintf("level %d due %s (in %s)", len(r.Fired)+1, statusTime(due),
				max(due.Sub(now), 0).Truncate(time.Second))
		}
		out = append(out, row)
	}
	return out
}

// ackLevel is the escalation level whose page e was, when e's
// acknowledgement stopped an escalation; 0 otherwise.
func (a *App) ackLevel(e ledger.Emergency) int {
	if e.Ack == nil || a.escalation == nil {
		return 0
	}
	rec, ok, err := a.escalation.Get(context.Background(),
		pipeline.EscalationID(e.Receiver, e.GroupKey, e.Route, e.ExternalURL))
	if err != nil || !ok || rec.Acked == nil || rec.Acked.Receipt != e.Receipt {
		return 0
	}
	return rec.Acked.Level
}
