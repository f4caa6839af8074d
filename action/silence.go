package action

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

const (
	// CommentPrefix starts the comment of every silence an action page
	// creates: it tells them from silences made by other means.
	CommentPrefix = "alertmanager-pushover action page:"
	// untilResolvedMark is in the comment of an until-resolved silence.
	untilResolvedMark = "until its alerts resolve"
	// maxSilences: up to this many alerts get one exact silence each; more
	// get one silence on the labels they all share.
	maxSilences = 20
	// sameEnd: asking again for an end this close to the silence's is a
	// double tap and changes nothing.
	sameEnd = 5 * time.Minute
)

// errNothingToSilence: the group has too many alerts and no common label.
var errNothingToSilence = errors.New("too many alerts without a common label to silence exactly")

// targets returns the matcher sets of the group's silences: exact matchers
// on each firing alert's labels (all alerts when none fires), so that
// exactly these alerts are silenced and a new alert of the group still
// pages; beyond maxSilences alerts, one set on their common labels.
func targets(g GroupView) ([][]amclient.Matcher, error) {
	alerts := g.firing()
	if len(alerts) > maxSilences {
		common := commonLabels(alerts)
		if len(common) == 0 {
			return nil, errNothingToSilence
		}
		return [][]amclient.Matcher{amclient.ExactMatchers(common)}, nil
	}
	var out [][]amclient.Matcher
	for _, a := range alerts {
		if len(a.Labels) > 0 {
			out = append(out, amclient.ExactMatchers(a.Labels))
		}
	}
	if len(out) == 0 {
		return nil, errNothingToSilence
	}
	return out, nil
}

func commonLabels(alerts []Alert) map[string]string {
	out := map[string]string{}
	for k, v := range alerts[0].Labels {
		out[k] = v
	}
	for _, a := range alerts[1:] {
		for k, v := range out {
			if a.Labels[k] != v {
				delete(out, k)
			}
		}
	}
	return out
}

// own is the active silence an action page made with exactly matchers.
func own(all []amclient.Silence, matchers []amclient.Matcher) (amclient.Silence, bool) {
	for _, s := range all {
		if isOwn(s) && amclient.SameMatchers(s.Matchers, matchers) {
			return s, true
		}
	}
	return amclient.Silence{}, false
}

func isOwn(s amclient.Silence) bool { return s.Active() && strings.HasPrefix(s.Comment, CommentPrefix) }

// silence creates or extends the group's silences until the action's end.
// Each target has at most one active silence of the action pages: asking
// again extends (or shortens) it, and a double tap changes nothing.
func (s *Service) silence(ctx context.Context, c Claims, g GroupView, action string) (string, string, error) {
	ts, err := targets(g)
	if err != nil {
		return OutcomeFailed, "", err
	}
	all, err := s.o.Silencer.Silences(ctx, nil)
	if err != nil {
		return OutcomeFailed, "", err
	}
	now := s.o.Now()
	end, comment := s.silenceEnd(c, action, now)
	var ids []string
	for _, t := range ts {
		sil, found := own(all, t)
		if found && absDuration(sil.EndsAt.Sub(end)) < sameEnd && strings.Contains(sil.Comment, untilResolvedMark) == (action == ActionSilenceResolved) {
			continue
		}
		if !found {
			sil = amclient.Silence{Matchers: t, StartsAt: now, CreatedBy: c.Recipient}
		}
		sil.EndsAt, sil.Comment = end, comment
		id, err := s.o.Silencer.Create(ctx, sil)
		if err != nil {
			return OutcomeFailed, strings.Join(ids, " "), err
		}
		ids = append(ids, id)
	}
	if len(ids) == 0 {
		return OutcomeAlready, "", nil
	}
	return OutcomeDone, strings.Join(ids, " "), nil
}

// silenceEnd returns the end and comment of a silence for action. An
// until-resolved silence lasts as long as the link; SweepUntilResolved
// expires it as soon as none of its alerts fires.
func (s *Service) silenceEnd(c Claims, action string, now time.Time) (time.Time, string) {
	if d, ok := silenceDurations[action]; ok {
		return now.Add(d), fmt.Sprintf("%s silenced by %s for %s.", CommentPrefix, c.Recipient, shortDuration(d))
	}
	return c.Expires, fmt.Sprintf("%s silenced by %s %s (at the latest %s).", CommentPrefix, c.Recipient,
		untilResolvedMark, c.Expires.UTC().Format("2006-01-02 15:04 MST"))
}

// expire expires the action pages' active silences of the group's alerts.
// Silences made otherwise are left alone: the page names them.
func (s *Service) expire(ctx context.Context, g GroupView) (string, string, error) {
	ts, err := targets(g)
	if err != nil {
		return OutcomeFailed, "", err
	}
	all, err := s.o.Silencer.Silences(ctx, nil)
	if err != nil {
		return OutcomeFailed, "", err
	}
	var ids []string
	for _, t := range ts {
		sil, found := own(all, t)
		if !found {
			continue
		}
		err := s.o.Silencer.Expire(ctx, sil.ID)
		if errors.Is(err, amclient.ErrNotFound) || errors.Is(err, amclient.ErrRefused) {
			continue // expired or deleted meanwhile
		}
		if err != nil {
			return OutcomeFailed, strings.Join(ids, " "), err
		}
		ids = append(ids, sil.ID)
	}
	if len(ids) == 0 {
		return OutcomeAlready, "", nil
	}
	return OutcomeDone, strings.Join(ids, " "), nil
}

// SweepUntilResolved expires every active until-resolved silence of the
// action pages none of whose alerts fires any more in Alertmanager, and
// returns how many it expired. The binary calls it periodically (e.g.
// every minute) when a Silencer is configured: Alertmanager has no silence
// that ends when its alerts resolve.
func (s *Service) SweepUntilResolved(ctx context.Context) (int, error) {
	if s.o.Silencer == nil {
		return 0, nil
	}
	all, err := s.o.Silencer.Silences(ctx, nil)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, sil := range all {
		if !isOwn(sil) || !strings.Contains(sil.Comment, untilResolvedMark) {
			continue
		}
		firing, err := s.o.Silencer.FiringAlerts(ctx, sil.Matchers)
		if err != nil {
			return n, err
		}
		if firing > 0 {
			continue
		}
		if err := s.o.Silencer.Expire(ctx, sil.ID); err != nil && !errors.Is(err, amclient.ErrNotFound) {
			return n, err
		}
		n++
	}
	return n, nil
}

func absDuration(d time.Duration) time.Duration {
	if d < 0 {
		return -d
	}
	return d
}

func shortDuration(d time.Duration) string {
	if d%time.Hour == 0 {
		return fmt.Sprintf("%d h", d/time.Hour)
	}
	return d.String()
}
