package pipeline

import (
	"bytes"
	"context"
	"testing"

	"github.com/go-kit/log"

	"github.com/prometheus/alertmanager/template"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/routing"
	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
	"github.com/alertmanager-pushover/alertmanager-pushover/webhook"
)

type fakeRenderer struct{}

func (fakeRenderer) Render(templates.Spec, *templates.Data) templates.Rendered {
	return templates.Rendered{Title: "t", Message: "m", URL: "https://runbooks.example.org/disk", URLTitle: "Runbook"}
}

func (fakeRenderer) Text(string, *templates.Data) (string, error) { return "", nil }

type fakeActions struct{ links [][3]string }

func (*fakeActions) Remember(context.Context, *webhook.Message) error { return nil }

func (f *fakeActions) Link(receiver, groupKey, recipient string) (string, string) {
	f.links = append(f.links, [3]string{receiver, groupKey, recipient})
	return "https://bridge.example.org/action/TOKEN", "Acknowledge or silence"
}

// TestRenderLinksTheActionPage: with ActionPages, a message whose route
// leaves the url to the built-in template links to the action page of its
// group for its recipient; a route's own url is kept, and without
// ActionPages nothing changes.
func TestRenderLinksTheActionPage(t *testing.T) {
	builtIn := *routing.DefaultSettings().URL
	for _, tc := range []struct {
		name      string
		url       string
		actions   bool
		wantURL   string
		wantTitle string
	}{
		{"built-in url", builtIn, true, "https://bridge.example.org/action/TOKEN", "Acknowledge or silence"},
		{"the route's own url", "{{ .CommonAnnotations.dashboard }}", true, "https://runbooks.example.org/disk", "Runbook"},
		{"no action pages", builtIn, false, "https://runbooks.example.org/disk", "Runbook"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			acts := &fakeActions{}
			rt := &Runtime{Templates: fakeRenderer{}}
			if tc.actions {
				rt.Actions = acts
			}
			n := &Notification{Route: &routing.Route{Name: "oncall", Settings: routing.Effective{URL: tc.url}},
				Recipient: &routing.Recipient{Name: "alice", UserKey: "u"},
				Data:      &templates.Data{Data: &template.Data{Receiver: "pushover"}, GroupKey: "{}:{a=\"b\"}"}}
			Render(rt, n)
			require.Equal(t, tc.wantURL, n.Rendered.URL)
			require.Equal(t, tc.wantTitle, n.Rendered.URLTitle)
			linked := tc.wantURL == "https://bridge.example.org/action/TOKEN"
			require.Equal(t, linked, n.ActionLink)
			if linked {
				require.Equal(t, [][3]string{{"pushover", "{}:{a=\"b\"}", "alice"}}, acts.links)
			}
		})
	}
}

// TestDryRunDoesNotLogTheActionLink: the signed link is a credential.
func TestDryRunDoesNotLogTheActionLink(t *testing.T) {
	var buf bytes.Buffer
	d := NewDryRun(routing.KindPushover, log.NewLogfmtLogger(log.NewSyncWriter(&buf)))
	rcp := &routing.Recipient{Name: "alice", UserKey: "u"}
	p := Page{Recipient: rcp, Rendered: templates.Rendered{URL: "https://bridge.example.org/action/SECRET-TOKEN"}, SecretURL: true}
	_, err := d.Notify(context.Background(), p)
	require.NoError(t, err)
	require.NotContains(t, buf.String(), "SECRET-TOKEN")
	require.Contains(t, buf.String(), "the action page's link")
	_, err = d.Notify(context.Background(), Page{Recipient: rcp, Rendered: templates.Rendered{URL: "https://runbooks.example.org/x"}})
	require.NoError(t, err)
	require.Contains(t, buf.String(), "https://runbooks.example.org/x")
}
