package main

import (
	"context"
	"fmt"
	"slices"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// emergencyProbe is the one critical webhook -emergency-behind sends after
// a storm: its page id and when its first attempt left.
type emergencyProbe struct {
	id   string
	sent time.Time
}

// sendEmergency sends, at due, one critical webhook with one alert: the
// page after the storm's last.
func (lg *loadgen) sendEmergency(ctx context.Context, due time.Time) {
	time.Sleep(time.Until(due))
	i := lg.o.storm
	lg.emerg = emergencyProbe{id: lg.pageID(i), sent: time.Now()}
	lg.page(ctx, synthBody(lg.emerg.id, uint32(i)^lg.salt(), 1, "critical"), lg.emerg.sent)
}

// emergencyAccepted finds the emergency (priority 2) message of page id
// among msgs and returns when the fake accepted it.
func emergencyAccepted(msgs []pushovertest.Message, id string) (time.Time, bool) {
	for _, m := range msgs {
		if m.Priority != 2 {
			continue
		}
		if slices.Contains(idRE.FindAllString(m.Title+"\n"+m.Message, -1), id) {
			return m.Time, true
		}
	}
	return time.Time{}, false
}

// reportEmergency prints when Pushover accepted the emergency sent behind
// the storm, measured from when it was sent, and returns the result line's
// fields.
func (lg *loadgen) reportEmergency(msgs []pushovertest.Message) string {
	at, ok := emergencyAccepted(msgs, lg.emerg.id)
	if !ok {
		fmt.Printf("  emergency behind  %s sent %s after the storm: NOT accepted by Pushover\n", lg.emerg.id, lg.o.emergencyBehind)
		return " emergency_ms=-1"
	}
	d := at.Sub(lg.emerg.sent)
	fmt.Printf("  emergency behind  sent %s after the storm, accepted by Pushover %s after it was sent\n",
		lg.o.emergencyBehind, d.Round(time.Millisecond))
	return fmt.Sprintf(" emergency_ms=%d", d.Milliseconds())
}
