package escalation

import (
	"fmt"
	"strings"
	"time"
)

// Headline is the first line of a level's page, for the Pager's title or
// message: "Escalation (level 2): alice did not answer".
func Headline(level int, missed []string) string {
	if len(missed) == 0 {
		return fmt.Sprintf("Escalation (level %d)", level)
	}
	return fmt.Sprintf("Escalation (level %d): %s did not answer", level, joinAnd(missed))
}

// joinAnd joins names as "a", "a and b", "a, b and c".
func joinAnd(names []string) string {
	if len(names) < 2 {
		return strings.Join(names, "")
	}
	return strings.Join(names[:len(names)-1], ", ") + " and " + names[len(names)-1]
}

// String describes the acknowledgement for later messages and the status
// page: "acknowledged by bob (level 2) at 03:12:00 UTC via receipt poll".
func (a Ack) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "acknowledged by %s", a.By)
	if a.Level > 0 {
		fmt.Fprintf(&b, " (level %d)", a.Level)
	}
	fmt.Fprintf(&b, " at %s", a.At.Format(time.TimeOnly+" MST"))
	if a.Via != "" {
		fmt.Fprintf(&b, " via %s", a.Via)
	}
	return b.String()
}
