package graph

import (
	"bytes"
	"image/color"
	"image/png"
	"math"
	"time"

	"github.com/prometheus/common/model"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/plotutil"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// chart is what one PNG shows.
type chart struct {
	title         string
	series        model.Matrix // at most max_series, highest first
	more          int          // series left out
	start, end    time.Time
	step          time.Duration
	mark          time.Time // the alert's startsAt; drawn when inside [start, end]
	width, height int       // pixels
}

// renderFit renders c as a PNG of at most limit bytes, halving the size
// (down to MinSize) while it is larger. Line charts are far below
// Pushover's 5 MB at any allowed size, so this only guards the limit.
func renderFit(c chart, limit int) ([]byte, error) {
	for {
		b, err := render(c)
		if err != nil {
			return nil, err
		}
		if len(b) <= limit {
			return b, nil
		}
		if c.width/2 < MinSize || c.height/2 < MinSize {
			return nil, fail(ReasonTooLarge, "the chart's PNG is %d bytes, over the %d byte limit", len(b), limit)
		}
		c.width, c.height = c.width/2, c.height/2
	}
}

// pngLimit is Pushover's attachment limit.
const pngLimit = pushover.MaxAttachment

// render draws c: the plot above, the legend in a strip below it. The PNG
// is deflated at BestSpeed: a line chart on white compresses well anyway
// (about 3 % larger than the default level, at half the time).
func render(c chart) (b []byte, err error) {
	defer func() { // gonum/plot panics on some degenerate input
		if r := recover(); r != nil {
			b, err = nil, fail(ReasonRender, "drawing the chart: %v", r)
		}
	}()
	lo, hi, err := yRange(c.series)
	if err != nil {
		return nil, err
	}
	st := newStyle(c.width)
	p, entries := newPlot(c, st)
	p.Y.Min, p.Y.Max = lo, hi
	// 72 DPI makes one point one pixel.
	img := vgimg.NewWith(vgimg.UseWH(vg.Length(c.width), vg.Length(c.height)), vgimg.UseDPI(72),
		vgimg.UseBackgroundColor(color.White))
	dc := draw.New(img)
	strip := legendHeight(len(entries), st)
	p.Draw(draw.Crop(dc, 0, 0, strip, 0))
	drawLegend(draw.Crop(dc, st.pad, -st.pad, st.pad/2, -(dc.Max.Y-strip)), entries, st)
	var buf bytes.Buffer
	if err := (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, img.Image()); err != nil {
		return nil, fail(ReasonRender, "encoding the PNG: %v", err)
	}
	return buf.Bytes(), nil
}

// style is the sizes of one chart, scaled with its width so that the text
// reads the same on a phone whatever the configured size.
type style struct {
	title, text, line, pad vg.Length
}

func newStyle(width int) style {
	s := vg.Length(float64(width) / 800)
	return style{title: 26 * s, text: 18 * s, line: 3 * s, pad: 10 * s}
}

// newPlot builds the plot of c and returns it with its legend entries.
func newPlot(c chart, st style) (*plot.Plot, []entry) {
	p := plot.New()
	p.Title.Text = c.title
	p.Title.TextStyle.Font.Size = st.title
	p.Title.TextStyle.Font.Variant = "Sans"
	p.Title.Padding = st.pad
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.Tick.Label.Font.Size = st.text
		a.Tick.Label.Font.Variant = "Sans"
		a.Label.TextStyle.Font.Size = st.text
		a.Label.TextStyle.Font.Variant = "Sans"
		a.Padding = 0
	}
	p.X.Min, p.X.Max = unix(c.start), unix(c.end)
	p.X.Tick.Marker = timeTicks{format: timeFormat(c.end.Sub(c.start))}
	p.X.Label.Text = "UTC"
	p.Y.Tick.Marker = siTicks{}
	grid := plotter.NewGrid()
	grid.Vertical.Color, grid.Horizontal.Color = color.Gray{Y: 225}, color.Gray{Y: 225}
	p.Add(grid)
	names := legends(c.series)
	entries := make([]entry, 0, len(c.series)+1)
	for i, s := range c.series {
		style := draw.LineStyle{Color: plotutil.DarkColors[i%len(plotutil.DarkColors)], Width: st.line}
		for _, seg := range segments(s.Values, c.step) {
			l, err := plotter.NewLine(seg)
			if err != nil {
				continue // segments holds finite points only
			}
			l.LineStyle = style
			p.Add(l)
		}
		entries = append(entries, entry{text: names[i], line: &style})
	}
	if c.more > 0 {
		entries = append(entries, entry{text: moreText(c.more)})
	}
	if !c.mark.Before(c.start) && !c.mark.After(c.end) {
		p.Add(newMarker(c.mark, timeFormat(c.end.Sub(c.start)), st))
	}
	return p, entries
}

func unix(t time.Time) float64 { return float64(t.UnixMilli()) / 1000 }

// timeFormat is the layout of the time labels for a window.
func timeFormat(window time.Duration) string {
	switch {
	case window > 24*time.Hour:
		return "Jan 2 15:04"
	case window <= 10*time.Minute:
		return "15:04:05"
	}
	return "15:04"
}

// segments splits values into runs of finite points without gaps longer
// than two steps, so that a missing stretch is not drawn as a line.
func segments(vs []model.SamplePair, step time.Duration) []plotter.XYs {
	var out []plotter.XYs
	var cur plotter.XYs
	var prev model.Time
	for _, v := range vs {
		f := float64(v.Value)
		gap := len(cur) > 0 && v.Timestamp.Sub(prev) > 2*step
		if !finite(f) || gap {
			if len(cur) > 0 {
				out = append(out, cur)
			}
			cur = nil
		}
		if finite(f) {
			cur = append(cur, plotter.XY{X: float64(v.Timestamp) / 1000, Y: f})
			prev = v.Timestamp
		}
	}
	if len(cur) > 0 {
		out = append(out, cur)
	}
	return out
}

// maxDrawable bounds the values drawn: beyond it gonum/plot's axis
// arithmetic overflows (and its tick loop may never end).
const maxDrawable = 1e150

// yRange is the value axis' range over the finite values: padded when
// flat, an error when a value is beyond ±maxDrawable.
func yRange(m model.Matrix) (lo, hi float64, err error) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range m {
		for _, v := range s.Values {
			if f := float64(v.Value); finite(f) {
				lo, hi = math.Min(lo, f), math.Max(hi, f)
			}
		}
	}
	switch {
	case lo > hi: // no finite value: an empty frame
		return 0, 1, nil
	case math.Abs(lo) > maxDrawable || math.Abs(hi) > maxDrawable:
		return 0, 0, fail(ReasonRender, "values beyond ±%g cannot be drawn", maxDrawable)
	case lo == hi:
		pad := math.Max(math.Abs(lo)/10, 1)
		return lo - pad, hi + pad, nil
	}
	return lo, hi, nil
}

// clip keeps the samples inside [start, end] (Prometheus answers no
// others; a line outside the frame would be drawn over the legend).
func clip(m model.Matrix, start, end time.Time) (model.Matrix, error) {
	from, to := model.TimeFromUnixNano(start.UnixNano()), model.TimeFromUnixNano(end.UnixNano())
	for _, s := range m {
		kept := s.Values[:0]
		for _, v := range s.Values {
			if v.Timestamp >= from && v.Timestamp <= to {
				kept = append(kept, v)
			}
		}
		s.Values = kept
	}
	return nonEmpty(m)
}
