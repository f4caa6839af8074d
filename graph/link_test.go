package graph

import (
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

func TestExpr(t *testing.T) {
	for _, tc := range []struct {
		name, url, expr string
	}{
		{"prometheus", "http://prometheus:9090/graph?g0.expr=up+%3D%3D+0&g0.tab=1", "up == 0"},
		{"path prefix", "https://example.com/prometheus/graph?g0.expr=rate%28x%5B5m%5D%29&g0.tab=1", "rate(x[5m])"},
		{"prometheus 3 query page", "http://p:9090/query?g0.expr=up", "up"},
		{"no host", "/graph?g0.expr=up", "up"},
		{"later parameters", "http://p/graph?g0.tab=1&g0.expr=sum+by+%28job%29+%28up%29", "sum by (job) (up)"},
		{"spaces trimmed", "http://p/graph?g0.expr=%0A++up%0A", "up"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := Expr(tc.url)
			require.NoError(t, err)
			require.Equal(t, tc.expr, got)
		})
	}
}

func TestExprNoGraphLink(t *testing.T) {
	long := "http://p/graph?g0.expr=" + strings.Repeat("x", MaxExprBytes+1)
	for _, tc := range []struct {
		name, url, msg string
	}{
		{"empty", "", "no generatorURL"},
		{"grafana", "https://grafana.example/alerting/grafana/x/view?orgId=1", "not a Prometheus graph link"},
		{"vmalert", "http://vmalert/vmalert/alert?group_id=1&alert_id=2", "not a Prometheus graph link"},
		{"no expr", "http://p:9090/graph?g0.tab=1", "no g0.expr"},
		{"blank expr", "http://p:9090/graph?g0.expr=++", "no g0.expr"},
		{"bad query", "http://p:9090/graph?g0.expr=%zz", "does not parse"},
		{"not a URL", "http://[::1", "not a URL"},
		{"too long", long, "longer than"},
		{"not UTF-8", "http://p/graph?g0.expr=%ff", "not UTF-8"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Expr(tc.url)
			require.Equal(t, ReasonNoGraphLink, ReasonOf(err))
			require.ErrorContains(t, err, tc.msg)
		})
	}
}
