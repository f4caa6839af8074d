package action

import (
	"context"
	"errors"
	"net/http"
	"net/url"

	"github.com/go-kit/log/level"
)

// maxForm bounds a posted form: two short fields.
const maxForm = 4 << 10

// servePost runs one action posted from a page and redirects (303) back to
// the page, which shows the outcome.
func (s *Service) servePost(w http.ResponseWriter, r *http.Request) {
	tok, c, ok := s.claims(w, r)
	if !ok {
		return
	}
	if r.Header.Get("Sec-Fetch-Site") == "cross-site" {
		s.refuse(w, r, http.StatusForbidden, "cross_site")
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, maxForm)
	action := r.PostFormValue("action")
	if !knownAction(action) || !s.signer.checkForm(tok, action, r.PostFormValue("token")) {
		s.refuse(w, r, http.StatusForbidden, "bad_form")
		return
	}
	g, ok := s.group(r.Context(), w, r, c)
	if !ok {
		return
	}
	outcome := s.act(r.Context(), c, g, action)
	q := url.Values{"done": {action}, "outcome": {outcome}}
	// A relative Location keeps working behind a proxy that strips a prefix.
	w.Header().Set("Location", tok+"?"+q.Encode())
	w.WriteHeader(http.StatusSeeOther)
}

// act runs action and logs, counts and records its outcome.
func (s *Service) act(ctx context.Context, c Claims, g GroupView, action string) string {
	var outcome, detail string
	var err error
	switch {
	case action == ActionAck:
		outcome, err = s.ack(ctx, c, g)
	case s.o.Silencer == nil:
		outcome, err = OutcomeFailed, errors.New("no alertmanager.url is configured")
	case action == ActionExpire:
		outcome, detail, err = s.expire(ctx, g)
	default:
		outcome, detail, err = s.silence(ctx, c, g, action)
	}
	s.o.Metrics.Actions.WithLabelValues(action, outcome).Inc()
	logger := level.Info(s.o.Logger)
	if err != nil {
		logger = level.Error(s.o.Logger)
	}
	logger.Log("msg", "action page", "action", action, "outcome", outcome, "group", c.Group,
		"recipient", c.Recipient, "silences", detail, "err", errString(err))
	if s.o.Recorder != nil {
		s.o.Recorder.Record(context.WithoutCancel(ctx), Event{At: s.o.Now(), Group: c.Group,
			Recipient: c.Recipient, Action: action, Outcome: outcome, Detail: detail})
	}
	return outcome
}

// ack acknowledges the group's emergencies as the link's recipient. When
// the recipient has acknowledged already and nothing rings, it does nothing.
func (s *Service) ack(ctx context.Context, c Claims, g GroupView) (string, error) {
	if ackedBy(g, c.Recipient) && !ringing(g) {
		return OutcomeAlready, nil
	}
	already, err := s.o.Acknowledger.Acknowledge(ctx, c.Group, c.Recipient)
	switch {
	case err != nil:
		return OutcomeFailed, err
	case already:
		return OutcomeAlready, nil
	}
	return OutcomeDone, nil
}

func ackedBy(g GroupView, recipient string) bool {
	for _, a := range g.Acks {
		if a.By == recipient {
			return true
		}
	}
	return false
}

func ringing(g GroupView) bool {
	for _, p := range g.Paged {
		if p.Ringing {
			return true
		}
	}
	return false
}

func knownAction(a string) bool {
	_, silence := silenceDurations[a]
	return silence || a == ActionAck || a == ActionSilenceResolved || a == ActionExpire
}

func errString(err error) string {
	if err == nil {
		return ""
	}
	return err.Error()
}
