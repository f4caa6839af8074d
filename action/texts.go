package action

import (
	"fmt"
	"net/http"
	"sort"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

// refusal is what the page says when it shows nothing of a group.
type refusal struct {
	Code          int
	Heading, Text string
}

var refusals = map[string]refusal{
	"expired": {http.StatusGone, "This link has expired",
		"Links in alert messages work for a limited time. Use the link of a newer message, or open the alert in Alertmanager."},
	"forged": {http.StatusForbidden, "This link is not valid",
		"The link was changed or was not made by this bridge. Open it again from the message, in full."},
	"malformed": {http.StatusForbidden, "This link is not valid",
		"The link is incomplete. Open it again from the message, in full."},
	"unknown_group": {http.StatusGone, "This alert group is no longer known",
		"The bridge keeps alert groups for a limited time. Open the alert in Alertmanager."},
	"bad_form": {http.StatusForbidden, "This action was not sent from its page",
		"Nothing was done. Open the link from the message again and use the buttons on the page."},
	"cross_site": {http.StatusForbidden, "This action was sent from another site",
		"Nothing was done. Open the link from the message again and use the buttons on the page."},
	"unavailable": {http.StatusServiceUnavailable, "The page cannot be shown right now",
		"The bridge cannot read its records. Try again in a moment."},
	"unknown": {http.StatusNotFound, "Not found", "There is nothing here."},
}

// refuse answers with the refusal page of reason and nothing else.
func (s *Service) refuse(w http.ResponseWriter, _ *http.Request, code int, reason string) {
	s.o.Metrics.Refused.WithLabelValues(reason).Inc()
	ref := refusals[reason]
	ref.Code = code
	s.render(w, code, s.pages.refused, ref)
}

// flash is the outcome of the last action, shown above the page.
type flash struct {
	Class, Text string // Class: ok, info, error
}

// flashFor reads the outcome the redirect after a POST names; anything
// else shows nothing (no text from the URL reaches the page).
func flashFor(action, outcome string) *flash {
	what := map[string]string{ActionAck: "Acknowledged: the emergency stops ringing and escalating.",
		ActionSilence1h: "Silenced for 1 hour.", ActionSilence4h: "Silenced for 4 hours.",
		ActionSilence24h: "Silenced for 24 hours.", ActionSilenceResolved: "Silenced until the alerts resolve.",
		ActionExpire: "The silence is expired: the alerts notify again."}[action]
	if what == "" {
		return nil
	}
	switch outcome {
	case OutcomeDone:
		return &flash{"ok", what}
	case OutcomeAlready:
		already := map[string]string{ActionAck: "Already acknowledged: nothing more to do.",
			ActionExpire: "There is no silence of this page to expire."}[action]
		if already == "" {
			already = "Already silenced so: nothing changed."
		}
		return &flash{"info", already}
	case OutcomeFailed:
		return &flash{"error", "That did not work: nothing changed. Try again in a moment; the bridge's log says why."}
	}
	return nil
}

// when formats a time for the page, in UTC.
func when(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 MST")
}

// ago is a rough "how long before now".
func ago(now, t time.Time) string {
	d := now.Sub(t).Round(time.Minute)
	switch {
	case d < time.Minute:
		return "just now"
	case d < time.Hour:
		return fmt.Sprintf("%d min ago", d/time.Minute)
	case d < 48*time.Hour:
		return fmt.Sprintf("%d h %d min ago", d/time.Hour, (d%time.Hour)/time.Minute)
	}
	return fmt.Sprintf("%d days ago", d/(24*time.Hour))
}

// matcherText writes matchers as Alertmanager shows them.
func matcherText(ms []amclient.Matcher) string {
	parts := make([]string, 0, len(ms))
	for _, m := range ms {
		op := map[[2]bool]string{{false, true}: "=", {false, false}: "!=", {true, true}: "=~", {true, false}: "!~"}[[2]bool{m.IsRegex, m.IsEqual}]
		parts = append(parts, fmt.Sprintf("%s%s%q", m.Name, op, m.Value))
	}
	sort.Strings(parts)
	return "{" + strings.Join(parts, ", ") + "}"
}
