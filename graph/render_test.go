package graph

import (
	"math"

	"github.com/prometheus/common/model"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func testChart(n int) chart {
	return chart{title: "T", series: matrix(n, t0, time.Hour, 12*time.Second), start: t0.Add(-time.Hour), end: t0,
		step: 12 * time.Second, mark: t0.Add(-30 * time.Minute), width: 800, height: 450}
}

func TestRenderFitShrinks(t *testing.T) {
	full, err := renderFit(testChart(3), pngLimit)
	require.NoError(t, err)
	checkPNG(t, full, 800, 450)
	half, err := renderFit(testChart(3), len(full)-1)
	require.NoError(t, err)
	checkPNG(t, half, 400, 225)
	_, err = renderFit(testChart(3), 100)
	require.Equal(t, ReasonTooLarge, ReasonOf(err))
	require.ErrorContains(t, err, "over the 100 byte limit")
}

func TestRenderDegenerate(t *testing.T) {
	c := testChart(1)
	c.series[0].Values = c.series[0].Values[:1] // one point: no line, still a chart
	_, err := renderFit(c, pngLimit)
	require.NoError(t, err)
	c = testChart(2)
	for i := range c.series[1].Values {
		c.series[1].Values[i].Value = c.series[0].Values[0].Value // flat lines
	}
	c.mark = t0.Add(-2 * time.Hour) // before the window: not drawn
	_, err = renderFit(c, pngLimit)
	require.NoError(t, err)
}

func TestTimeTicks(t *testing.T) {
	ts := timeTicks{format: "15:04"}.Ticks(unix(t0.Add(-time.Hour)), unix(t0))
	var labels []string
	for _, tk := range ts {
		labels = append(labels, tk.Label)
	}
	require.Equal(t, []string{"13:00", "13:10", "13:20", "13:30", "13:40", "13:50", "14:00"}, labels)
}

func TestTimeTicksShortWindow(t *testing.T) {
	ts := timeTicks{format: timeFormat(time.Minute)}.Ticks(unix(t0.Add(-time.Minute)), unix(t0))
	require.Len(t, ts, 7)
	require.Equal(t, "13:59:00", ts[0].Label)
	require.Equal(t, "14:00:00", ts[6].Label)
}

func TestRenderExtremeValues(t *testing.T) {
	for _, tc := range []struct {
		name   string
		a, b   float64
		reason Reason
	}{
		{"overflowing range", math.MaxFloat64, -math.MaxFloat64, ReasonRender},
		{"huge and flat", 1e300, 1e300, ReasonRender},
		{"tiny", 1e-300, 2e-300, ""},
		{"denormal", 5e-324, 0, ""},
		{"big and flat", 1e100, 1e100, ""},
		{"no finite value", math.NaN(), math.Inf(1), ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := testChart(1)
			c.series[0].Values = c.series[0].Values[:2]
			c.series[0].Values[0].Value, c.series[0].Values[1].Value = model.SampleValue(tc.a), model.SampleValue(tc.b)
			_, err := renderFit(c, pngLimit)
			require.Equal(t, tc.reason, ReasonOf(err))
		})
	}
}

func TestClip(t *testing.T) {
	m := matrix(2, t0, time.Hour, time.Minute)
	m[1].Values = m[1].Values[:1]
	m, err := clip(m, t0.Add(-30*time.Minute), t0)
	require.NoError(t, err)
	require.Len(t, m, 1, "the series whose only point is before the window goes")
	require.Len(t, m[0].Values, 31)
	_, err = clip(m, t0.Add(time.Hour), t0.Add(2*time.Hour))
	require.Equal(t, ReasonEmpty, ReasonOf(err))
}

func TestTickStep(t *testing.T) {
	for window, want := range map[time.Duration]time.Duration{
		30 * time.Second: 5 * time.Second, time.Hour: 10 * time.Minute, 6 * time.Hour: time.Hour,
		7 * 24 * time.Hour: 2 * 24 * time.Hour, 1e6 * time.Hour: 6945 * 24 * time.Hour,
	} {
		require.Equal(t, want, tickStep(window), window)
		require.LessOrEqual(t, int(window/tickStep(window)), maxTimeTicks)
	}
}
