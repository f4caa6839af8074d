package graph

import (
	"time"

	"gonum.org/v1/plot"
)

// tickStep is the shortest round interval between time labels that gives
// at most maxTimeTicks labels over window.
func tickStep(window time.Duration) time.Duration {
	for _, s := range []time.Duration{
		5 * time.Second, 10 * time.Second, 15 * time.Second, 30 * time.Second, time.Minute, 2 * time.Minute, 5 * time.Minute, 10 * time.Minute, 15 * time.Minute, 30 * time.Minute,
		time.Hour, 2 * time.Hour, 3 * time.Hour, 6 * time.Hour, 12 * time.Hour,
	} {
		if window/s <= maxTimeTicks {
			return s
		}
	}
	days := (window/maxTimeTicks + 24*time.Hour - 1) / (24 * time.Hour)
	return max(days, 1) * 24 * time.Hour
}

const maxTimeTicks = 6

// timeTicks labels the time axis at round UTC times (every 10 minutes,
// every hour …) instead of round Unix seconds.
type timeTicks struct{ format string }

// Ticks implements plot.Ticker; min and max are Unix seconds.
func (tt timeTicks) Ticks(lo, hi float64) []plot.Tick {
	window := time.Duration((hi - lo) * float64(time.Second))
	step := tickStep(window)
	from := time.UnixMilli(int64(lo * 1000)).UTC().Truncate(step)
	var ts []plot.Tick
	for t := from; unix(t) <= hi; t = t.Add(step) {
		if unix(t) >= lo {
			ts = append(ts, plot.Tick{Value: unix(t), Label: t.Format(tt.format)})
		}
	}
	return ts
}
