package graph

import (
	"math"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/stretchr/testify/require"
)

func FuzzExpr(f *testing.F) {
	for _, s := range []string{"http://p:9090/graph?g0.expr=up&g0.tab=1", "/graph?g0.expr=%ff", "http://[::1", "",
		"https://g/alerting/x", "http://p/query?g0.expr=+"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		expr, err := Expr(s)
		if err != nil {
			require.Equal(t, ReasonNoGraphLink, ReasonOf(err))
			return
		}
		require.NotEmpty(t, expr)
		require.LessOrEqual(t, len(expr), MaxExprBytes)
		require.True(t, utf8.ValidString(expr))
	})
}

func FuzzDecodeAnswer(f *testing.F) {
	f.Add(200, string(successJSON(f, matrix(2, t0, time.Minute, 10*time.Second))))
	f.Add(400, `{"status":"error","errorType":"bad_data","error":"x"}`)
	f.Add(200, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{},"values":[[1,"NaN"],[2,"-Inf"]]}]}}`)
	f.Add(502, `<html>`)
	f.Add(200, `{"status":"success","data":{"resultType":"matrix","result":[{"metric":{"a":"b"},"values":[[1,"1e308"],[2,"-1e308"],[1e12,"5"]]}]}}`)
	f.Fuzz(func(t *testing.T, status int, body string) {
		m, err := DecodeAnswer(status, []byte(body))
		if err != nil {
			require.NotEmpty(t, ReasonOf(err))
			return
		}
		require.NotEmpty(t, m)
		// Whatever decodes must rank, name and segment without panicking.
		kept, more := top(m, 3)
		require.Equal(t, len(m), len(kept)+more)
		require.Len(t, legends(kept), len(kept))
		if m, err = clip(kept, time.Unix(0, 0), time.Unix(1<<40, 0)); err != nil {
			require.Equal(t, ReasonEmpty, ReasonOf(err))
			return
		}
		c := chart{title: "fuzz", series: m, start: time.Unix(0, 0), end: time.Unix(1<<40, 0), step: time.Second,
			width: MinSize, height: MinSize}
		if _, err := render(c); err != nil {
			require.Equal(t, ReasonRender, ReasonOf(err))
		}
		for _, s := range m {
			for _, seg := range segments(s.Values, time.Second) {
				for _, p := range seg {
					require.False(t, math.IsNaN(p.Y) || math.IsInf(p.Y, 0))
				}
			}
		}
	})
}
