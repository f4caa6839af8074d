package routing

import (
	"fmt"
	"regexp"
	"time"

	"github.com/prometheus/common/model"

	"github.com/alertmanager-pushover/alertmanager-pushover/graph"
	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// soundRE is what a Pushover sound name looks like; empty means the user's default.
var soundRE = regexp.MustCompile(`^[A-Za-z0-9_-]*$`)

// DefaultSettings returns the built-in settings that the configuration's
// defaults, and then each route, override field by field.
func DefaultSettings() Settings {
	return Settings{
		Priority:           ptr("normal"),
		Sound:              ptr(""),
		Format:             ptr("html"),
		Title:              ptr(`{{ template "pushover.title" . }}`),
		Message:            ptr(`{{ template "pushover.message" . }}`),
		URL:                ptr(`{{ template "pushover.url" . }}`),
		URLTitle:           ptr(`{{ template "pushover.url_title" . }}`),
		TTL:                ptr(model.Duration(0)),
		Retry:              ptr(model.Duration(time.Minute)),
		Expire:             ptr(model.Duration(time.Hour)),
		SendResolved:       ptr(true),
		ResolvedPriority:   ptr("low"),
		ResolvedSound:      ptr(""),
		RepeatWhileRinging: ptr(false),
		SilenceOnAck:       ptr(model.Duration(0)),
		Graph:              graph.DefaultOptions(),
		Fallback:           ptr([]string(nil)),
		FallbackAfter:      ptr(model.Duration(0)),
	}
}

func ptr[T any](v T) *T { return &v }

// Merge returns s with every field that over sets replaced by over's value.
func (s Settings) Merge(over Settings) Settings {
	pick(&s.Priority, over.Priority)
	pick(&s.Sound, over.Sound)
	pick(&s.Format, over.Format)
	pick(&s.Title, over.Title)
	pick(&s.Message, over.Message)
	pick(&s.URL, over.URL)
	pick(&s.URLTitle, over.URLTitle)
	pick(&s.TTL, over.TTL)
	pick(&s.Retry, over.Retry)
	pick(&s.Expire, over.Expire)
	pick(&s.SendResolved, over.SendResolved)
	pick(&s.ResolvedPriority, over.ResolvedPriority)
	pick(&s.ResolvedSound, over.ResolvedSound)
	pick(&s.RepeatWhileRinging, over.RepeatWhileRinging)
	pick(&s.SilenceOnAck, over.SilenceOnAck)
	pick(&s.Fallback, over.Fallback)
	pick(&s.FallbackAfter, over.FallbackAfter)
	pick(&s.Escalate, over.Escalate)
	s.Graph = s.Graph.Merge(over.Graph)
	return s
}

func pick[T any](dst **T, over *T) {
	if over != nil {
		*dst = over
	}
}

// check validates the fields that s sets, each on its own; the rules that
// need the whole route (emergency retry and expire) are in checkEmergency.
func (s Settings) check(p *configerr.Problems) {
	if s.Priority != nil && !IsTemplate(*s.Priority) {
		_, err := parsePriority(*s.Priority)
		p.Add("priority", err)
	}
	checkSound(p, "sound", s.Sound)
	checkSound(p, "resolved_sound", s.ResolvedSound)
	if s.Format != nil {
		switch *s.Format {
		case "html", "monospace", "text":
		default:
			p.Addf("format", configerr.ErrInvalid, "%q is not html|monospace|text", *s.Format)
		}
	}
	if s.ResolvedPriority != nil {
		p.Add("resolved_priority", checkResolvedPriority(*s.ResolvedPriority))
	}
	checkNonNegative(p, "ttl", s.TTL)
	checkNonNegative(p, "retry", s.Retry)
	checkNonNegative(p, "expire", s.Expire)
	checkNonNegative(p, "silence_on_ack", s.SilenceOnAck)
	checkGraph(p, s.Graph)
	checkNonNegative(p, "fallback_after", s.FallbackAfter)
}

func checkSound(p *configerr.Problems, field string, s *string) {
	if s != nil && !soundRE.MatchString(*s) {
		p.Addf(field, configerr.ErrInvalid, "%q is not a sound name ([A-Za-z0-9_-]*)", *s)
	}
}

func checkNonNegative(p *configerr.Problems, field string, d *model.Duration) {
	if d != nil && *d < 0 {
		p.Addf(field, configerr.ErrInvalid, "%s is negative", *d)
	}
}

func checkResolvedPriority(s string) error {
	if IsTemplate(s) {
		return fmt.Errorf("%w: must be a priority name or number, not a template", configerr.ErrInvalid)
	}
	prio, err := parsePriority(s)
	if err != nil {
		return err
	}
	if prio == pushover.PriorityEmergency {
		return fmt.Errorf("%w: resolved messages are never emergencies", configerr.ErrInvalid)
	}
	return nil
}

// checkEmergency applies Pushover's emergency limits to a route whose
// effective settings are e; own is what the route itself sets, to tell
// the reader where an inherited value came from.
func checkEmergency(p *configerr.Problems, e Effective, own Settings) {
	if !e.MayBeEmergency() {
		return
	}
	if e.Retry < pushover.MinEmergencyRetry {
		p.Addf("retry", configerr.ErrInvalid, "%s is below Pushover's minimum %s for emergency priority%s",
			model.Duration(e.Retry), model.Duration(pushover.MinEmergencyRetry), inherited(own.Retry))
	}
	if e.Expire <= 0 || e.Expire > pushover.MaxEmergencyExpire {
		p.Addf("expire", configerr.ErrInvalid, "%s must be above 0 and at most %s for emergency priority%s",
			model.Duration(e.Expire), model.Duration(pushover.MaxEmergencyExpire), inherited(own.Expire))
	}
}

func inherited[T any](own *T) string {
	if own == nil {
		return " (inherited from defaults)"
	}
	return ""
}

// effective flattens fully merged settings; call it only after check passed
// on every layer, so that every field is set and valid.
func (s Settings) effective() Effective {
	rp, _ := parsePriority(*s.ResolvedPriority)
	return Effective{
		Priority:           *s.Priority,
		Sound:              *s.Sound,
		Format:             *s.Format,
		Title:              *s.Title,
		Message:            *s.Message,
		URL:                *s.URL,
		URLTitle:           *s.URLTitle,
		TTL:                time.Duration(*s.TTL),
		Retry:              time.Duration(*s.Retry),
		Expire:             time.Duration(*s.Expire),
		SendResolved:       *s.SendResolved,
		ResolvedPriority:   int(rp),
		ResolvedSound:      *s.ResolvedSound,
		RepeatWhileRinging: *s.RepeatWhileRinging,
		SilenceOnAck:       time.Duration(*s.SilenceOnAck),
		FallbackAfter:      time.Duration(*s.FallbackAfter),
		Escalate:           compileEscalate(s.Escalate),
		Graph:              s.Graph.Effective(),
	}
}

// checkGraph records each problem of the route key graph; graph's errors
// name the key under it (graph.range …).
func checkGraph(p *configerr.Problems, o graph.Options) {
	err := o.Validate()
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		for _, e := range j.Unwrap() {
			p.Add("", e)
		}
		return
	}
	p.Add("", err)
}

// OwnURL reports whether the configuration (the route or its defaults)
// sets the message's url, rather than leaving the built-in one.
func (e Effective) OwnURL() bool { return e.URL != *DefaultSettings().URL }
