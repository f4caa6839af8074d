// Package groupmenotify is the pipeline's GroupMe destination: a
// pipeline.Notifier that renders a page with the GroupMe templates
// (templates.RenderGroupMe: plain text fitted to GroupMe's limit, "and N
// more", resolved and emergency marked) and posts it as the recipient's
// bot, with the chart (if any) as a picture. It maps the groupme client's
// typed errors to the pipeline's error classes. It is the only code that
// joins the pipeline to the groupme package.
package groupmenotify

import (
	"context"
	"errors"

	"github.com/go-kit/log"
	"github.com/go-kit/log/level"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

// Destination names GroupMe in logs.
const Destination = "GroupMe"

// Renderer is what the notifier needs of *templates.Templates.
type Renderer interface {
	RenderGroupMe(spec templates.GroupMeSpec, d *templates.Data) templates.GroupMeRendered
}

// Poster is what the notifier needs of *groupme.Client.
type Poster interface {
	Notify(ctx context.Context, botID string, n groupme.Notification) (groupme.Result, error)
}

// Notifier posts pages into GroupMe rooms. It is safe for concurrent use.
type Notifier struct {
	client    Poster
	templates Renderer
	spec      templates.GroupMeSpec
	logger    log.Logger
}

// New returns a Notifier posting with client and rendering spec (usually
// templates.DefaultGroupMeSpec(), whose named templates users redefine).
func New(client Poster, t Renderer, spec templates.GroupMeSpec, logger log.Logger) *Notifier {
	if logger == nil {
		logger = log.NewNopLogger()
	}
	return &Notifier{client: client, templates: t, spec: spec, logger: log.With(logger, "component", "groupme")}
}

var (
	_ pipeline.Notifier      = (*Notifier)(nil)
	_ pipeline.SelfRendering = (*Notifier)(nil)
)

// RendersItself implements pipeline.SelfRendering: GroupMe posts the text
// of its own templates, not the route's Pushover fields.
func (*Notifier) RendersItself() {}

// Notify implements pipeline.Notifier.
func (nt *Notifier) Notify(ctx context.Context, p pipeline.Page) (pipeline.Delivered, error) {
	r := nt.templates.RenderGroupMe(nt.spec, p.Data)
	if r.Err != nil {
		level.Error(nt.logger).Log("msg", "GroupMe template failed, posting the plain fallback text",
			"route", p.Route, "recipient", p.Recipient.Name, "err", r.Err)
	}
	res, err := nt.client.Notify(ctx, p.Recipient.BotID, groupme.Notification{Title: r.Title, Text: r.Text,
		PNG: p.PNG, Emergency: p.Emergency, Resolved: p.Resolved})
	if err != nil {
		return pipeline.Delivered{}, Classify(err)
	}
	if res.PictureErr != nil {
		level.Warn(nt.logger).Log("msg", "chart not attached, the text was posted", "route", p.Route,
			"recipient", p.Recipient.Name, "err", res.PictureErr)
	}
	return pipeline.Delivered{}, nil
}

// Classify wraps a groupme error in the pipeline's class: a refusal
// (ErrPermanent) is permanent; a rate limit or a temporary failure (and anything
// unknown) may pass on a retry.
func Classify(err error) error {
	de := &pipeline.DestinationError{Destination: Destination, Class: pipeline.Retryable, Err: err}
	if groupme.IsPermanent(err) && !errors.Is(err, context.Canceled) {
		de.Class = pipeline.Permanent
	}
	return de
}
