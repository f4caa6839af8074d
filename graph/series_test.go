package graph

import (
	"math"
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
)

func stream(labels model.Metric, vs ...float64) *model.SampleStream {
	s := &model.SampleStream{Metric: labels}
	for i, v := range vs {
		s.Values = append(s.Values, model.SamplePair{Timestamp: model.Time(int64(i) * 1000), Value: model.SampleValue(v)})
	}
	return s
}

func TestTop(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	m := model.Matrix{
		stream(model.Metric{"i": "low"}, 1, 2),
		stream(model.Metric{"i": "high"}, 9, 1),
		stream(model.Metric{"i": "nan"}, nan, nan),
		stream(model.Metric{"i": "inf"}, inf, 3),
		stream(model.Metric{"i": "high-last"}, 1, 9),
	}
	kept, more := top(m, 3)
	require.Equal(t, 2, more)
	var names []string
	for _, s := range kept {
		names = append(names, string(s.Metric["i"]))
	}
	require.Equal(t, []string{"high-last", "high", "inf"}, names, "by peak, then last value; Inf is not a peak")
	kept, more = top(m, 10)
	require.Len(t, kept, 5)
	require.Zero(t, more)
}

func TestLegends(t *testing.T) {
	one := model.Matrix{stream(model.Metric{"__name__": "up", "job": "api", "instance": "a:1"}, 1)}
	require.Equal(t, []string{"up instance=a:1, job=api"}, legends(one), "alone: every label")
	two := model.Matrix{
		stream(model.Metric{"__name__": "up", "job": "api", "instance": "a:1"}, 1),
		stream(model.Metric{"__name__": "up", "job": "api", "instance": "b:1", "zone": "eu"}, 1),
	}
	require.Equal(t, []string{"instance=a:1", "instance=b:1, zone=eu"}, legends(two), "only what differs")
	same := model.Matrix{stream(model.Metric{}, 1), stream(model.Metric{}, 2)}
	require.Equal(t, []string{"{}", "{}"}, legends(same))
	long := model.Matrix{stream(model.Metric{"path": "/a/very/long/path/that/goes/on/and/on/and/on/forever"}, 1)}
	got := legends(long)[0]
	require.Equal(t, MaxLegendRunes, len([]rune(got)))
	require.Equal(t, "…", string([]rune(got)[MaxLegendRunes-1:]))
}

func TestSegments(t *testing.T) {
	s := stream(nil, 1, 2, math.NaN(), 3, math.Inf(-1), 4, 5)
	s.Values = append(s.Values, model.SamplePair{Timestamp: 60_000, Value: 6}) // after a gap
	segs := segments(s.Values, time.Second)
	require.Len(t, segs, 4)
	require.Len(t, segs[0], 2)
	require.Len(t, segs[1], 1)
	require.Len(t, segs[2], 2)
	require.Len(t, segs[3], 1)
}

func TestStep(t *testing.T) {
	for window, want := range map[time.Duration]time.Duration{
		time.Minute: time.Second, 5 * time.Minute: time.Second, time.Hour: 12 * time.Second,
		3 * time.Hour: 36 * time.Second, 24 * time.Hour: 288 * time.Second, 100 * time.Minute: 20 * time.Second,
		61 * time.Minute: 13 * time.Second,
	} {
		require.Equal(t, want, Step(window), window)
		require.LessOrEqual(t, int(window/Step(window)), Points)
	}
}

func TestSI(t *testing.T) {
	for v, want := range map[float64]string{0: "0", 1: "1", 1500: "1.5k", 2e6: "2M", 0.005: "5m", -3e9: "-3G", 0.25: "250m", 999.9: "1k"} {
		require.Equal(t, want, si(v), v)
	}
}
