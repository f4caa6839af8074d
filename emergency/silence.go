package emergency

import (
	"fmt"
	"sort"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// Silences on acknowledgement (silence_on_ack).
const (
	// silenceAttempts is how often creating one silence is tried.
	silenceAttempts = 3
	// silenceBackoff is the wait before the second attempt; it doubles.
	silenceBackoff = 2 * time.Second
	// maxSilencesPerAck: up to this many acknowledged alerts get one exact
	// silence each; more get one silence on their common labels.
	maxSilencesPerAck = 10
	// SilenceCreatedBy is the createdBy of every silence the bridge creates.
	SilenceCreatedBy = "alertmanager-pushover"
)

// Matcher is one matcher of an Alertmanager API v2 silence.
type Matcher = amclient.Matcher

// Silence is a silence of Alertmanager's API v2.
type Silence = amclient.Silence

// Silences returns the silences that silence_on_ack creates for an
// acknowledged emergency, starting at now: one per acknowledged alert,
// with an equality matcher on each of its labels, so that exactly the
// alerts the person acknowledged are silenced and nothing else of the
// group (a new instance of the same alert still pages). Beyond
// maxSilencesPerAck alerts, one silence on the labels they all share.
func Silences(e ledger.Emergency, now time.Time) []Silence {
	base := Silence{StartsAt: now, EndsAt: now.Add(e.SilenceFor), CreatedBy: SilenceCreatedBy,
		Comment: silenceComment(e)}
	sets := e.Labels
	if len(sets) > maxSilencesPerAck {
		sets = []map[string]string{commonLabels(sets)}
	}
	out := make([]Silence, 0, len(sets))
	for _, ls := range sets {
		if len(ls) == 0 {
			continue
		}
		s := base
		for _, name := range sortedKeys(ls) {
			s.Matchers = append(s.Matchers, Matcher{Name: name, Value: ls[name], IsEqual: true})
		}
		out = append(out, s)
	}
	return out
}

func silenceComment(e ledger.Emergency) string {
	by := "someone"
	if e.Ack != nil {
		by = e.Ack.By
		if e.Ack.Device != "" {
			by += " (device " + e.Ack.Device + ")"
		}
	}
	return fmt.Sprintf("Acknowledged in Pushover by %s; silence_on_ack of route %q (recipient %s).", by, e.Route, e.Recipient)
}

func commonLabels(sets []map[string]string) map[string]string {
	out := map[string]string{}
	for k, v := range sets[0] {
		out[k] = v
	}
	for _, ls := range sets[1:] {
		for k, v := range out {
			if ls[k] != v {
				delete(out, k)
			}
		}
	}
	return out
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
