package routing

import (
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
)

// RecipientSummary names a recipient and its devices; it has no key.
type RecipientSummary struct {
	Name     string   `json:"name"`
	Devices  []string `json:"devices,omitempty"`
	Schedule bool     `json:"schedule,omitempty"` // an on-call schedule, resolved when paged
}

// Explanation is what one route decides for an alert, for `routes test`.
type Explanation struct {
	Route      string              `json:"route"`
	Recipients []RecipientSummary  `json:"recipients"`
	Priority   string              `json:"priority"`
	Sound      string              `json:"sound"`
	Continue   bool                `json:"continue"`
	Escalate   []EscalationSummary `json:"escalate,omitempty"`
	// Fallback are the recipients that get what Recipients' destinations
	// cannot deliver.
	Fallback []string `json:"fallback,omitempty"`
}

// RouteSummary describes a route for a status page; it has no key.
type RouteSummary struct {
	Name       string              `json:"name"`
	Matchers   []string            `json:"matchers"`
	Receiver   string              `json:"receiver,omitempty"` // the anchored regexp, empty for any
	Recipients []string            `json:"recipients"`
	Fallback   []string            `json:"fallback,omitempty"` // recipients when To's destinations cannot deliver
	Priority   string              `json:"priority"`
	Sound      string              `json:"sound"`
	Continue   bool                `json:"continue"`
	Escalate   []EscalationSummary `json:"escalate,omitempty"`
}

// Explain returns, in order, what each route that an alert with these labels
// sent to receiver lands on decides. It is empty when no route matches.
func (r *Router) Explain(receiver string, lbls map[string]string) []Explanation {
	var out []Explanation
	for _, rt := range r.Match(receiver, lbls) {
		out = append(out, Explanation{
			Route:      rt.Name,
			Recipients: summarize(rt.To),
			Priority:   rt.Settings.Priority,
			Sound:      rt.Settings.Sound,
			Continue:   rt.Continue,
			Escalate:   summarizeEscalate(rt.Settings.Escalate),
			Fallback:   recipientNames(rt.Fallback),
		})
	}
	return out
}

// recipientNames are the recipients' names, in order.
func recipientNames(rs []*Recipient) []string {
	var out []string
	for _, r := range rs {
		out = append(out, r.Name)
	}
	return out
}

// Describe summarizes every route in order.
func (r *Router) Describe() []RouteSummary {
	out := make([]RouteSummary, 0, len(r.Routes))
	for _, rt := range r.Routes {
		s := RouteSummary{
			Name:     rt.Name,
			Matchers: make([]string, 0, len(rt.Matchers)),
			Priority: rt.Settings.Priority,
			Sound:    rt.Settings.Sound,
			Continue: rt.Continue,
			Escalate: summarizeEscalate(rt.Settings.Escalate),
		}
		for _, m := range rt.Matchers {
			s.Matchers = append(s.Matchers, m.String())
		}
		if rt.Receiver != nil {
			s.Receiver = rt.Receiver.String()
		}
		for _, rcp := range rt.To {
			s.Recipients = append(s.Recipients, rcp.Name)
		}
		for _, rcp := range rt.Fallback {
			s.Fallback = append(s.Fallback, rcp.Name)
		}
		out = append(out, s)
	}
	return out
}

func summarize(rs []*Recipient) []RecipientSummary {
	out := make([]RecipientSummary, 0, len(rs))
	for _, r := range rs {
		out = append(out, RecipientSummary{Name: r.Name, Devices: slices.Clone(r.Devices), Schedule: r.Schedule})
	}
	return out
}

// ParseLabels parses `name=value` arguments into a label set. A value may
// be double-quoted with Go escapes (`summary="a \"b\""`) or single-quoted
// verbatim. A name is any UTF-8 text, as Alertmanager 0.27+ allows; one
// that holds "=" or spaces is written double-quoted (`"k8s ns"=prod`).
// Names may not repeat.
func ParseLabels(args []string) (map[string]string, error) {
	out := make(map[string]string, len(args))
	for _, arg := range args {
		name, value, err := splitLabel(arg)
		if err != nil {
			return nil, err
		}
		if _, dup := out[name]; dup {
			return nil, fmt.Errorf("%w: label %q given twice", ErrDuplicate, name)
		}
		v, err := unquote(value)
		if err != nil {
			return nil, fmt.Errorf("%w: label %q: %w", configerr.ErrInvalid, name, err)
		}
		out[name] = v
	}
	return out, nil
}

// splitLabel splits `name=value`, the name bare or double-quoted.
func splitLabel(arg string) (name, value string, err error) {
	bad := fmt.Errorf("%w: %q is not name=value", configerr.ErrInvalid, arg)
	if strings.HasPrefix(arg, `"`) {
		quoted, err := strconv.QuotedPrefix(arg)
		if err != nil || !strings.HasPrefix(arg[len(quoted):], "=") {
			return "", "", bad
		}
		name, _ = strconv.Unquote(quoted)
		value = arg[len(quoted)+1:]
	} else {
		var ok bool
		name, value, ok = strings.Cut(arg, "=")
		if !ok {
			return "", "", bad
		}
		name = strings.TrimSpace(name)
	}
	if name == "" || !utf8.ValidString(name) {
		return "", "", bad
	}
	return name, value, nil
}

func unquote(v string) (string, error) {
	switch {
	case len(v) >= 2 && v[0] == '"' && v[len(v)-1] == '"':
		return strconv.Unquote(v)
	case len(v) >= 2 && v[0] == '\'' && v[len(v)-1] == '\'':
		return v[1 : len(v)-1], nil
	case strings.HasPrefix(v, `"`) || strings.HasPrefix(v, "'"):
		return "", fmt.Errorf("unterminated quote in %s", v)
	}
	return v, nil
}
