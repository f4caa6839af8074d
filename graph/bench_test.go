package graph

import (
	"context"
	"testing"
	"time"
)

// BenchmarkChart is the cost of one chart: query_range over HTTP against a
// fake Prometheus answering 20 series × 301 points (a 1h window at the
// 12s step, ~150 KB of JSON), decoding, ranking and rendering the top 5
// as an 800×450 PNG.
func BenchmarkChart(b *testing.B) {
	body := successJSON(b, matrix(20, t0, time.Hour, 12*time.Second))
	srv := fakePrometheus(b, answering(200, body))
	g := newTestGrapher(b, srv.URL, time.Minute, nil)
	a, o := alert("rate(http_requests_total[5m])", t0.Add(-20*time.Minute)), opts(800, 450, 5)
	b.ReportAllocs()
	var size int
	for b.Loop() {
		png, err := g.Chart(context.Background(), a, o)
		if err != nil {
			b.Fatal(err)
		}
		size = len(png)
	}
	b.ReportMetric(float64(size), "png-bytes")
	b.ReportMetric(float64(len(body)), "answer-bytes")
}

// BenchmarkRender is the render alone, for the same chart.
func BenchmarkRender(b *testing.B) {
	c := testChart(5)
	b.ReportAllocs()
	for b.Loop() {
		if _, err := renderFit(c, pngLimit); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkDecodeAnswer is decoding the 20×301 answer alone.
func BenchmarkDecodeAnswer(b *testing.B) {
	body := successJSON(b, matrix(20, t0, time.Hour, 12*time.Second))
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if _, err := DecodeAnswer(200, body); err != nil {
			b.Fatal(err)
		}
	}
}
