package graph

import (
	"fmt"
	"image/color"
	"math"
	"strconv"
	"time"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// entry is one legend line: a series (with its line style) or the count
// of series left out (without).
type entry struct {
	text string
	line *draw.LineStyle
}

func moreText(n int) string { return fmt.Sprintf("+%d more", n) }

func textStyle(size vg.Length, c color.Color) text.Style {
	f := plot.DefaultFont
	f.Variant = "Sans"
	return text.Style{Color: c, Font: font.From(f, size), Handler: plot.DefaultTextHandler}
}

// legendColumns is 1 for up to two entries, else 2.
func legendColumns(n int) int {
	if n <= 2 {
		return 1
	}
	return 2
}

// legendHeight is the height of the strip holding n entries.
func legendHeight(n int, st style) vg.Length {
	rows := (n + legendColumns(n) - 1) / legendColumns(n)
	return vg.Length(rows)*st.text*1.4 + st.pad
}

// drawLegend lays the entries out in columns from the top of c, each
// text shortened to fit its column.
func drawLegend(c draw.Canvas, entries []entry, st style) {
	cols := legendColumns(len(entries))
	rows := (len(entries) + cols - 1) / cols
	colW := (c.Max.X - c.Min.X) / vg.Length(cols)
	rowH := st.text * 1.4
	thumb := st.text * 1.8
	ts := textStyle(st.text, color.Black)
	for i, e := range entries {
		x := c.Min.X + vg.Length(i/rows)*colW
		y := c.Max.Y - vg.Length(i%rows+1)*rowH
		mid := y + rowH/2
		if e.line != nil {
			c.StrokeLine2(*e.line, x, mid, x+thumb, mid)
		}
		tx := x + thumb + st.text/2
		c.FillText(ts, vg.Point{X: tx, Y: y + (rowH-st.text)/2}, fit(ts, e.text, colW-(tx-x)-st.pad))
	}
}

// fit shortens s with "…" until it is at most w wide in ts.
func fit(ts text.Style, s string, w vg.Length) string {
	r := []rune(s)
	for n := len(r); n > 1; n-- {
		t := string(r[:n])
		if n < len(r) {
			t = string(r[:n-1]) + "…"
		}
		if ts.Width(t) <= w {
			return t
		}
	}
	return "…"
}

// marker is the vertical line at the alert's start, with its time.
type marker struct {
	x     float64
	label string
	line  draw.LineStyle
	text  text.Style
}

func newMarker(t time.Time, layout string, st style) marker {
	red := color.RGBA{R: 200, A: 255}
	return marker{
		x:     unix(t),
		label: "started " + t.UTC().Format(layout),
		line:  draw.LineStyle{Color: red, Width: st.line * 0.8, Dashes: []vg.Length{st.pad, st.pad / 2}},
		text:  textStyle(st.text*0.9, red),
	}
}

// Plot implements plot.Plotter.
func (m marker) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	x := trX(m.x)
	c.StrokeLine2(m.line, x, c.Min.Y, x, c.Max.Y)
	lx := x + m.text.Font.Size/3
	if lx+m.text.Width(m.label) > c.Max.X { // near the right edge: label on the left
		lx = x - m.text.Font.Size/3 - m.text.Width(m.label)
	}
	c.FillText(m.text, vg.Point{X: lx, Y: c.Max.Y - m.text.Font.Size*1.1}, m.label)
}

// siTicks labels the value axis with SI prefixes (1.5k, 20M, 3m) so
// that labels stay short.
type siTicks struct{}

// Ticks implements plot.Ticker.
func (siTicks) Ticks(lo, hi float64) []plot.Tick {
	ts := plot.DefaultTicks{}.Ticks(lo, hi)
	for i := range ts {
		if ts[i].Label != "" {
			ts[i].Label = si(ts[i].Value)
		}
	}
	return ts
}

// si formats v with an SI prefix and up to three significant digits.
func si(v float64) string {
	if v == 0 || math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', 3, 64)
	}
	prefixes := []struct {
		exp  float64
		name string
	}{{1e12, "T"}, {1e9, "G"}, {1e6, "M"}, {1e3, "k"}, {1, ""}, {1e-3, "m"}, {1e-6, "µ"}, {1e-9, "n"}}
	a := math.Abs(v)
	for _, p := range prefixes {
		if a >= p.exp*0.9995 {
			return strconv.FormatFloat(v/p.exp, 'g', 3, 64) + p.name
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
