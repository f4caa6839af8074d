package routing

import (
	"fmt"
	"log/slog"
	"regexp"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/internal/configerr"
	"github.com/prometheus/alertmanager/matcher/compat"
	"github.com/prometheus/alertmanager/pkg/labels"
)

// ParseMatchers parses a route's matchers: each element is one matcher
// (`severity="critical"`, `"k8s.namespace"="prod"`) or a comma-separated
// set (`{a="b",c=~"d"}`), in Alertmanager's syntax, the same as its routes'
// `matchers:`. It is Alertmanager's own parser in its default mode (since
// 0.27): the UTF-8 parser, which takes UTF-8 label names in double quotes,
// with a fallback to the classic one; so every matcher Alertmanager accepts
// is accepted with the same meaning. All of them must match; regular
// expressions are anchored at both ends.
func ParseMatchers(elems []string) (labels.Matchers, error) {
	parse := compat.FallbackMatchersParser(slog.New(slog.DiscardHandler))
	var out labels.Matchers
	for i, e := range elems {
		ms, err := parse(e, "config")
		if err != nil {
			return nil, fmt.Errorf("%w: matchers[%d]: %w", configerr.ErrInvalid, i, err)
		}
		if len(ms) == 0 {
			return nil, fmt.Errorf("%w: matchers[%d]: no matcher in %q", configerr.ErrInvalid, i, e)
		}
		out = append(out, ms...)
	}
	return out, nil
}

// matches reports whether every matcher accepts lbls; a missing label has
// the empty value, as in Alertmanager.
func matches(ms labels.Matchers, lbls map[string]string) bool {
	for _, m := range ms {
		if !m.Matches(lbls[m.Name]) {
			return false
		}
	}
	return true
}

// compileReceiver compiles a route's receiver regexp, anchored like
// Alertmanager's; an empty expression matches any receiver.
func compileReceiver(expr string) (*regexp.Regexp, error) {
	if strings.TrimSpace(expr) == "" {
		return nil, nil
	}
	re, err := regexp.Compile("^(?:" + expr + ")$")
	if err != nil {
		return nil, fmt.Errorf("%w: %w", configerr.ErrInvalid, err)
	}
	return re, nil
}
