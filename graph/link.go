package graph

import (
	"net/url"
	"path"
	"strings"
	"unicode/utf8"
)

// MaxExprBytes is the longest expression taken from a graph link.
const MaxExprBytes = 8 << 10

// Expr returns the PromQL expression of a Prometheus graph link, the
// generatorURL that Prometheus (and Thanos Ruler) give alerts:
// <external URL>/graph?g0.expr=<expr>&g0.tab=1 (Prometheus 3's /query
// is accepted too). Only the path's last element and the g0.expr
// parameter are read: the host is never used. Anything else (another
// tool's link, no expression) is an *Error with ReasonNoGraphLink.
func Expr(generatorURL string) (string, error) {
	if generatorURL == "" {
		return "", fail(ReasonNoGraphLink, "the alert has no generatorURL")
	}
	u, err := url.Parse(generatorURL)
	if err != nil {
		return "", fail(ReasonNoGraphLink, "generatorURL is not a URL")
	}
	switch path.Base(u.Path) {
	case "graph", "query":
	default:
		return "", fail(ReasonNoGraphLink, "generatorURL is not a Prometheus graph link (path /graph)")
	}
	q, err := url.ParseQuery(u.RawQuery)
	if err != nil {
		return "", fail(ReasonNoGraphLink, "generatorURL's query does not parse")
	}
	expr := strings.TrimSpace(q.Get("g0.expr"))
	switch {
	case expr == "":
		return "", fail(ReasonNoGraphLink, "generatorURL has no g0.expr")
	case len(expr) > MaxExprBytes:
		return "", fail(ReasonNoGraphLink, "g0.expr is longer than %d bytes", MaxExprBytes)
	case !utf8.ValidString(expr):
		return "", fail(ReasonNoGraphLink, "g0.expr is not UTF-8")
	}
	return expr, nil
}
