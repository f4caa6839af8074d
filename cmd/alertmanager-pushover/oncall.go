package main

import (
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/alecthomas/kingpin/v2"

	"github.com/alertmanager-pushover/alertmanager-pushover/config"
	"github.com/alertmanager-pushover/alertmanager-pushover/schedule"
)

// oncallOptions are the flags of the oncall command.
type oncallOptions struct {
	at       string
	handoffs int
}

// registerOncall declares the oncall command.
func registerOncall(app *kingpin.Application, f *flags) {
	c := app.Command("oncall", "Print who is on call for every schedule now (or --at a time) and the next hand-offs.")
	c.Flag("at", "The time to ask about: RFC 3339 (2026-12-24T20:00:00Z), or a local time "+
		"(2026-12-24T20:00) read in each schedule's own time zone. Default: now.").StringVar(&f.oncall.at)
	c.Flag("handoffs", "How many of the next hand-offs to print per schedule.").Default("3").IntVar(&f.oncall.handoffs)
}

// oncall prints, for every schedule, who is on call at the time asked and
// the next hand-offs, times in the schedule's zone.
func oncall(f *flags, now time.Time, stdout, stderr io.Writer) int {
	cfg, err := config.LoadFile(f.configFile)
	if err != nil {
		return fail(stderr, err)
	}
	at, err := parseAt(f.oncall.at, now)
	if err != nil {
		return fail(stderr, err)
	}
	if f.oncall.handoffs < 0 {
		return fail(stderr, fmt.Errorf("--handoffs must not be negative"))
	}
	set := cfg.Built().Schedules
	if set.Len() == 0 {
		fmt.Fprintln(stdout, "no schedules configured")
		return 0
	}
	for _, sc := range set.Schedules() {
		printStatus(stdout, sc.Status(at(sc.Location()), f.oncall.handoffs))
	}
	return 0
}

// parseAt returns, per time zone, the instant --at names.
func parseAt(s string, now time.Time) (func(*time.Location) time.Time, error) {
	if s == "" {
		return func(*time.Location) time.Time { return now }, nil
	}
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return func(*time.Location) time.Time { return t }, nil
	}
	lt, err := schedule.ParseLocalTime(s)
	if err != nil {
		return nil, fmt.Errorf("--at: %q is neither RFC 3339 (2026-12-24T20:00:00Z) nor a local time (2026-12-24T20:00)", s)
	}
	return lt.In, nil
}

const stamp = "2006-01-02 15:04 MST"

func printStatus(w io.Writer, st schedule.Status) {
	who := st.OnCall
	switch {
	case who == "":
		who = "no one (the rotation has not started)"
	case st.Override:
		who += " (override)"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "schedule %s (%s)\n", st.Schedule, st.TimeZone)
	fmt.Fprintf(&b, "  on call at %s: %s\n", st.At.Format(stamp), who)
	if len(st.Next) > 0 {
		b.WriteString("  next hand-offs:\n")
	}
	for _, h := range st.Next {
		fmt.Fprintf(&b, "    %s  %s -> %s\n", h.At.Format(stamp), orNoOne(h.Previous), orNoOne(h.Recipient))
	}
	if st.SyncGroup {
		b.WriteString("  a Pushover delivery group follows this schedule\n")
	}
	_, _ = io.WriteString(w, b.String())
}

func orNoOne(name string) string {
	if name == "" {
		return "(no one)"
	}
	return name
}
