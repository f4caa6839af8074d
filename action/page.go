package action

import (
	"bytes"
	"context"
	"embed"
	"errors"
	"fmt"
	"html/template"
	"net/http"
	"time"

	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/amclient"
)

//go:embed assets
var assets embed.FS

// pages holds the parsed templates and the style sheet.
type pages struct {
	page, refused *template.Template
	css           []byte
}

func newPages() (*pages, error) {
	funcs := template.FuncMap{"when": when, "ago": ago, "matchers": matcherText, "hours": shortDuration}
	page, err := template.New("page.html").Funcs(funcs).ParseFS(assets, "assets/page.html")
	if err != nil {
		return nil, fmt.Errorf("action: page template: %w", err)
	}
	refused, err := template.New("refused.html").ParseFS(assets, "assets/refused.html")
	if err != nil {
		return nil, fmt.Errorf("action: refusal template: %w", err)
	}
	css, err := assets.ReadFile("assets/action.css")
	if err != nil {
		return nil, err
	}
	return &pages{page: page, refused: refused, css: css}, nil
}

// pageData is what page.html shows.
type pageData struct {
	Group        GroupView
	Recipient    string
	Expires      time.Time
	Now          time.Time
	Token        string
	Flash        *flash
	Ack          *form  // nil: acknowledged by this recipient, nothing rings
	Silence      []form // nil: no Silencer
	Expire       *form  // nil: no silence of the action pages to expire
	Silences     []silenceRow
	SilenceError bool // Alertmanager could not be asked
}

// form is one action button.
type form struct {
	Action, Label, Token string
}

// silenceRow is one active silence covering alerts of the group.
type silenceRow struct {
	amclient.Silence
	Own    bool // made by an action page
	Covers int  // how many of the group's alerts it silences
}

func (s *Service) servePage(w http.ResponseWriter, r *http.Request) {
	tok, c, ok := s.claims(w, r)
	if !ok {
		return
	}
	g, ok := s.group(r.Context(), w, r, c)
	if !ok {
		return
	}
	d := pageData{Group: g, Recipient: c.Recipient, Expires: c.Expires, Now: s.o.Now(), Token: tok,
		Flash: flashFor(r.URL.Query().Get("done"), r.URL.Query().Get("outcome"))}
	if !ackedBy(g, c.Recipient) || ringing(g) {
		d.Ack = &form{Action: ActionAck, Label: "Acknowledge", Token: s.signer.formToken(tok, ActionAck)}
	}
	s.silenceData(r.Context(), tok, g, &d)
	s.o.Metrics.Views.Inc()
	s.render(w, http.StatusOK, s.pages.page, d)
}

// silenceData fills in the silence buttons and the silences covering the
// group's alerts.
func (s *Service) silenceData(ctx context.Context, tok string, g GroupView, d *pageData) {
	if s.o.Silencer == nil || len(g.Alerts) == 0 {
		return
	}
	for _, a := range []struct{ action, label string }{{ActionSilence1h, "Silence 1 h"}, {ActionSilence4h, "Silence 4 h"},
		{ActionSilence24h, "Silence 24 h"}, {ActionSilenceResolved, "Silence until resolved"}} {
		d.Silence = append(d.Silence, form{Action: a.action, Label: a.label, Token: s.signer.formToken(tok, a.action)})
	}
	all, err := s.o.Silencer.Silences(ctx, nil)
	if err != nil {
		level.Warn(s.o.Logger).Log("msg", "cannot list silences for an action page", "err", err)
		d.SilenceError = true
		return
	}
	for _, sil := range all {
		row := silenceRow{Silence: sil, Own: isOwn(sil)}
		for _, a := range g.Alerts {
			if sil.Active() && sil.Matches(a.Labels) {
				row.Covers++
			}
		}
		if row.Covers > 0 {
			d.Silences = append(d.Silences, row)
		}
		if row.Covers > 0 && row.Own && d.Expire == nil {
			d.Expire = &form{Action: ActionExpire, Label: "Expire the silence", Token: s.signer.formToken(tok, ActionExpire)}
		}
	}
}

func (s *Service) serveChart(w http.ResponseWriter, r *http.Request) {
	_, c, ok := s.claims(w, r)
	if !ok {
		return
	}
	if s.o.Charts == nil {
		s.refuse(w, r, http.StatusNotFound, "unknown")
		return
	}
	png, err := s.o.Charts.Chart(r.Context(), c.Group)
	if err != nil {
		if !errors.Is(err, ErrUnknownGroup) {
			level.Warn(s.o.Logger).Log("msg", "cannot load the chart of an action page", "group", c.Group, "err", err)
		}
		s.refuse(w, r, http.StatusNotFound, "unknown")
		return
	}
	w.Header().Set("Content-Type", "image/png")
	_, _ = w.Write(png)
}

func (s *Service) serveCSS(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/css; charset=utf-8")
	_, _ = w.Write(s.pages.css)
}

func (s *Service) render(w http.ResponseWriter, code int, t *template.Template, data any) {
	var buf bytes.Buffer
	if err := t.Execute(&buf, data); err != nil {
		level.Error(s.o.Logger).Log("msg", "cannot render an action page", "err", err)
		http.Error(w, "The page cannot be shown.", http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = buf.WriteTo(w)
}
