package main

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"

	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
)

// builtinSounds are Pushover's own sounds (an application may add more).
var builtinSounds = []string{"pushover", "bike", "bugle", "cashregister", "classical", "cosmic", "falling",
	"gamelan", "incoming", "intermission", "magic", "mechanical", "pianobar", "siren", "spacealarm", "tugboat",
	"alien", "climb", "persistent", "echo", "updown", "vibrate", "none"}

// printRoute prints one route of check-config's summary.
func printRoute(w io.Writer, rt *routing.Route) {
	s := rt.Settings
	matchers := make([]string, 0, len(rt.Matchers))
	for _, m := range rt.Matchers {
		matchers = append(matchers, m.String())
	}
	recipients := make([]string, 0, len(rt.To))
	for _, r := range rt.To {
		recipients = append(recipients, r.Name)
	}
	receiver := ""
	if rt.Receiver != nil {
		receiver = " receiver=" + rt.Receiver.String()
	}
	fmt.Fprintf(w, "  %s: matchers=[%s] to=[%s] priority=%s sound=%q continue=%t%s\n", rt.Name,
		strings.Join(matchers, ", "), strings.Join(recipients, ", "), s.Priority, s.Sound, rt.Continue, receiver)
	fmt.Fprintf(w, "    format=%s send_resolved=%t retry=%s expire=%s ttl=%s\n",
		s.Format, s.SendResolved, promDuration(s.Retry), promDuration(s.Expire), promDuration(s.TTL))
	if len(rt.Fallback) > 0 {
		names := make([]string, 0, len(rt.Fallback))
		for _, r := range rt.Fallback {
			names = append(names, r.Name)
		}
		fmt.Fprintf(w, "    fallback=[%s] fallback_after=%s\n", strings.Join(names, ", "), promDuration(s.FallbackAfter))
	}
	for _, l := range s.Escalate {
		fmt.Fprintf(w, "    escalate after %s: %s\n", promDuration(l.After), strings.Join(l.To, ", "))
	}
}

// promDuration prints d as Prometheus does (1m, 2h30m); 0 as "0s".
func promDuration(d time.Duration) string { return model.Duration(d).String() }

// configWarnings are what check-config points out in a valid
// configuration: routes no alert can reach, settings Pushover ignores.
func configWarnings(routes []*routing.Route) []string {
	var out []string
	var catchAll *routing.Route
	for _, rt := range routes {
		if catchAll != nil {
			out = append(out, fmt.Sprintf("route %q can never match: route %q before it matches every alert "+
				"and has no continue: true", rt.Name, catchAll.Name))
		}
		if catchAll == nil && len(rt.Matchers) == 0 && rt.Receiver == nil && !rt.Continue {
			catchAll = rt
		}
		if rt.Settings.TTL > 0 && isEmergency(rt.Settings.Priority) {
			out = append(out, fmt.Sprintf("route %q: ttl is ignored: Pushover does not expire emergency messages "+
				"(they ring until acknowledged, cancelled or expire)", rt.Name))
		}
		for _, f := range soundFields(rt) {
			field, snd := f[0], f[1]
			if low := strings.ToLower(snd); low != snd && slices.Contains(builtinSounds, low) {
				out = append(out, fmt.Sprintf("route %q: %s %q: sound names are lower case, did you mean %q?",
					rt.Name, field, snd, low))
			}
		}
	}
	return out
}

// isEmergency tells whether a route's priority is always emergency.
func isEmergency(p string) bool { return p == "emergency" || p == "2" }

// soundFields are a route's sound settings as (key, value), in order.
func soundFields(rt *routing.Route) [][2]string {
	return [][2]string{{"sound", rt.Settings.Sound}, {"resolved_sound", rt.Settings.ResolvedSound}}
}
