package graph

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"math"
	"net/http"
	"net/http/httptest"
	"net/url"
	"testing"
	"time"

	"github.com/prometheus/alertmanager/template"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
)

// t0 is the fixed "now" of the unit tests.
var t0 = time.Date(2026, 12, 2, 14, 0, 0, 0, time.UTC)

// matrix is n series of a query_range answer over window ending at end,
// every step: smooth curves of different heights, like a rate by instance.
func matrix(n int, end time.Time, window, step time.Duration) model.Matrix {
	m := make(model.Matrix, n)
	for i := range m {
		s := &model.SampleStream{Metric: model.Metric{
			"__name__": "http_requests", "job": "api", "instance": model.LabelValue(fmt.Sprintf("10.0.0.%d:9090", i+1)),
			"code": "200",
		}}
		for t := end.Add(-window); !t.After(end); t = t.Add(step) {
			x := float64(t.Unix()) / 600
			v := float64(i+1)*10 + 5*math.Sin(x+float64(i)) + float64(t.Sub(end.Add(-window)))/float64(window)*20
			s.Values = append(s.Values, model.SamplePair{Timestamp: model.TimeFromUnixNano(t.UnixNano()), Value: model.SampleValue(v)})
		}
		m[i] = s
	}
	return m
}

// successJSON is Prometheus' answer carrying m.
func successJSON(t testing.TB, m model.Matrix) []byte {
	t.Helper()
	data, err := json.Marshal(map[string]any{"status": "success", "data": map[string]any{"resultType": "matrix", "result": m}})
	require.NoError(t, err)
	return data
}

// fakePrometheus serves h at /api/v1/query_range and fails on any other path.
func fakePrometheus(t testing.TB, h http.HandlerFunc) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/prom/api/v1/query_range", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

// answering is a handler that always answers status with body.
func answering(status int, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		_, _ = w.Write(body)
	}
}

// newTestGrapher returns a Grapher for the fake at srv (under /prom),
// with now fixed at t0.
func newTestGrapher(t testing.TB, url string, timeout time.Duration, m *Metrics) *Grapher {
	t.Helper()
	cfg := DefaultConfig()
	cfg.URL = url + "/prom"
	cfg.Timeout = model.Duration(timeout)
	require.NoError(t, cfg.Validate())
	g, err := New(cfg, m)
	require.NoError(t, err)
	g.now = func() time.Time { return t0 }
	return g
}

// alert is a firing alert with a graph link for expr, started at startsAt.
func alert(expr string, startsAt time.Time) template.Alert {
	return template.Alert{
		Status: "firing", Labels: template.KV{"alertname": "HighRequestRate", "job": "api"},
		StartsAt: startsAt, GeneratorURL: "http://prometheus.example:9090/graph?g0.expr=" + url.QueryEscape(expr) + "&g0.tab=1",
	}
}

// checkPNG decodes b and requires it to be w×h and not blank: a good
// share of its pixels differ from the top-left (background) pixel, and
// some are neither background nor gray (the series' colours).
func checkPNG(t testing.TB, b []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, w, h), img.Bounds())
	bg := img.At(0, 0)
	var differ, coloured int
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			c := img.At(x, y)
			if c != bg {
				differ++
			}
			r, g, b, _ := c.RGBA()
			if max(r, g, b)-min(r, g, b) > 0x3000 {
				coloured++
			}
		}
	}
	require.Greater(t, differ, w*h/100, "at least 1%% of the pixels are not background")
	require.Greater(t, coloured, w*h/1000, "some pixels are coloured (series lines)")
	return img
}
