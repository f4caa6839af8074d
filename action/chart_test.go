package action

import (
	"bytes"
	"image"
	"image/color"
	"image/png"
	"math"
	"testing"

	"github.com/stretchr/testify/require"
)

// chartPNG draws a small line chart, standing in for the bridge's charts.
func chartPNG(t *testing.T) []byte {
	t.Helper()
	const w, h = 600, 200
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := range w {
		for y := range h {
			img.Set(x, y, color.White)
		}
		img.Set(x, h/4, color.RGBA{200, 0, 0, 255}) // the threshold
		v := 0.5 + 0.4*float64(x)/w + 0.05*math.Sin(float64(x)/15)
		for d := range 3 {
			img.Set(x, h-int(v*float64(h)*0.8)+d, color.RGBA{11, 87, 208, 255})
		}
	}
	var buf bytes.Buffer
	require.NoError(t, png.Encode(&buf, img))
	return buf.Bytes()
}
