package action

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"
)

// Actions a page can post.
const (
	ActionAck             = "ack"
	ActionSilence1h       = "silence-1h"
	ActionSilence4h       = "silence-4h"
	ActionSilence24h      = "silence-24h"
	ActionSilenceResolved = "silence-until-resolved"
	ActionExpire          = "expire-silence"
)

// Outcomes of an action.
const (
	OutcomeDone    = "done"    // it did what was asked
	OutcomeAlready = "already" // it was already so: nothing was done
	OutcomeFailed  = "failed"  // it could not be done; try again
)

// silenceDurations are the fixed silence actions.
var silenceDurations = map[string]time.Duration{
	ActionSilence1h: time.Hour, ActionSilence4h: 4 * time.Hour, ActionSilence24h: 24 * time.Hour,
}

// Options are what New needs; Groups, Acknowledger, ExternalURL and Secret
// are required.
type Options struct {
	ExternalURL  string        // the bridge's public URL (web.external_url)
	Secret       []byte        // Config.Secret
	Scope        string        // the deployment scope: links of another scope are refused
	LinkTTL      time.Duration // how long a link stays valid: the ledger's retention
	Groups       Groups
	Charts       Charts       // nil: no charts
	Acknowledger Acknowledger //
	Silencer     Silencer     // nil: no silence actions (no alertmanager.url)
	Recorder     Recorder     // nil: events are only logged and counted
	Logger       log.Logger
	Metrics      *Metrics // nil: NewMetrics(nil)
	Now          func() time.Time
}

// Service makes links and serves their pages. It is safe for concurrent use.
type Service struct {
	o      Options
	base   string
	signer signer
	pages  *pages
}

// New checks o and returns the service.
func New(o Options) (*Service, error) {
	u, err := url.Parse(o.ExternalURL)
	switch {
	case err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "":
		return nil, fmt.Errorf("action: external URL must be an absolute http or https URL")
	case len(o.Secret) < 16:
		return nil, fmt.Errorf("action: the link secret must be at least 16 bytes")
	case o.Groups == nil || o.Acknowledger == nil:
		return nil, fmt.Errorf("action: Groups and Acknowledger are required")
	case o.LinkTTL <= 0:
		return nil, fmt.Errorf("action: the link TTL must be positive")
	}
	if o.Logger == nil {
		o.Logger = log.NewNopLogger()
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics(nil)
	}
	if o.Now == nil {
		o.Now = time.Now
	}
	p, err := newPages()
	if err != nil {
		return nil, err
	}
	return &Service{o: o, base: strings.TrimRight(o.ExternalURL, "/") + Path,
		signer: signer{key: o.Secret, scope: o.Scope}, pages: p}, nil
}

// Link returns the signed link to the page of group for recipient, valid
// for LinkTTL from now: <external_url>/action/<token>.
func (s *Service) Link(group GroupID, recipient string) string {
	exp := s.o.Now().Add(s.o.LinkTTL).Truncate(time.Second)
	return s.base + s.signer.sign(Claims{Group: group, Recipient: recipient, Expires: exp})
}

// Handler serves GET and POST /action/<token>, GET /action/<token>/chart.png
// and the page's style sheet at /action/static/action.css.
func (s *Service) Handler() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET "+Path+"static/action.css", s.serveCSS)
	mux.HandleFunc("GET "+Path+"{token}", s.servePage)
	mux.HandleFunc("POST "+Path+"{token}", s.servePost)
	mux.HandleFunc("GET "+Path+"{token}/chart.png", s.serveChart)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.refuse(w, r, http.StatusNotFound, "unknown")
	})
	return securityHeaders(mux)
}

// securityHeaders sets the headers of every answer: no script, no framing,
// no referrer, no caching, no sniffing.
func securityHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", "default-src 'none'; img-src 'self'; style-src 'self'; "+
			"form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Referrer-Policy", "no-referrer")
		h.Set("Cache-Control", "no-store")
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Cross-Origin-Resource-Policy", "same-origin")
		next.ServeHTTP(w, r)
	})
}

// claims verifies the request's link token; on failure it has answered.
func (s *Service) claims(w http.ResponseWriter, r *http.Request) (string, Claims, bool) {
	tok := r.PathValue("token")
	c, err := s.signer.verify(tok, s.o.Now())
	if err == nil {
		return tok, c, true
	}
	switch {
	case errors.Is(err, ErrExpired):
		s.refuse(w, r, http.StatusGone, "expired")
	case errors.Is(err, ErrForged):
		s.refuse(w, r, http.StatusForbidden, "forged")
	default:
		s.refuse(w, r, http.StatusForbidden, "malformed")
	}
	return "", Claims{}, false
}

// group loads the link's group; on failure it has answered.
func (s *Service) group(ctx context.Context, w http.ResponseWriter, r *http.Request, c Claims) (GroupView, bool) {
	g, err := s.o.Groups.Group(ctx, c.Group)
	switch {
	case errors.Is(err, ErrUnknownGroup):
		s.refuse(w, r, http.StatusGone, "unknown_group")
		return g, false
	case err != nil:
		level.Error(s.o.Logger).Log("msg", "cannot load the group of an action page", "group", c.Group, "err", err)
		s.refuse(w, r, http.StatusServiceUnavailable, "unavailable")
		return g, false
	}
	return g, true
}
