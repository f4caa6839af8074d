package graph

import (
	"errors"
	"fmt"
	"time"

	"github.com/prometheus/common/model"
)

// Limits of the route-level options.
const (
	MinSize      = 200  // pixels, either side
	MaxSize      = 2000 // pixels, either side: a PNG far below Pushover's 5 MB
	MaxMaxSeries = 50
	MaxRange     = 7 * 24 * time.Hour
)

// Options is the route key `graph`. Every field is optional: a route
// inherits what it leaves unset from defaults.graph, and that from
// DefaultOptions. A zero range (the built-in default) means no chart, so
// `defaults: {graph: {range: 1h}}` turns charts on for every route and
// `graph: {range: 0s}` off for one.
//
// routing embeds it in Settings as the field Graph with the tag
// yaml:"graph,omitempty", merges it with Merge, checks it with Validate and flattens it
// with Effective, like its other keys.
type Options struct {
	Range     *model.Duration `yaml:"range,omitempty"`
	Width     *int            `yaml:"width,omitempty"`  // pixels
	Height    *int            `yaml:"height,omitempty"` // pixels
	MaxSeries *int            `yaml:"max_series,omitempty"`
}

// Effective is a route's flattened graph options.
type Effective struct {
	Range         time.Duration // 0: no chart
	Width, Height int           // pixels
	MaxSeries     int           // the rest are counted in the legend as "+N more"
}

// DefaultOptions returns the built-in options: no chart, 800×450 pixels
// (16:9, a phone held sideways), at most 5 series.
func DefaultOptions() Options {
	return Options{Range: ptr(model.Duration(0)), Width: ptr(800), Height: ptr(450), MaxSeries: ptr(5)}
}

func ptr[T any](v T) *T { return &v }

// Merge returns o with every field that over sets replaced by over's value.
func (o Options) Merge(over Options) Options {
	pick(&o.Range, over.Range)
	pick(&o.Width, over.Width)
	pick(&o.Height, over.Height)
	pick(&o.MaxSeries, over.MaxSeries)
	return o
}

func pick[T any](dst **T, over *T) {
	if over != nil {
		*dst = over
	}
}

// Validate checks the fields that o sets; errors name the key under graph.
func (o Options) Validate() error {
	var errs []error
	add := func(field, format string, args ...any) {
		errs = append(errs, fmt.Errorf("graph.%s: %w: "+format, append([]any{field, ErrInvalid}, args...)...))
	}
	if o.Range != nil && (*o.Range < 0 || time.Duration(*o.Range) > MaxRange) {
		add("range", "%s must be between 0 (no chart) and %s", *o.Range, model.Duration(MaxRange))
	}
	for _, f := range []struct {
		name string
		v    *int
	}{{"width", o.Width}, {"height", o.Height}} {
		if f.v != nil && (*f.v < MinSize || *f.v > MaxSize) {
			add(f.name, "%d must be between %d and %d pixels", *f.v, MinSize, MaxSize)
		}
	}
	if o.MaxSeries != nil && (*o.MaxSeries < 1 || *o.MaxSeries > MaxMaxSeries) {
		add("max_series", "%d must be between 1 and %d", *o.MaxSeries, MaxMaxSeries)
	}
	return errors.Join(errs...)
}

// Effective flattens o merged over DefaultOptions; call it after Validate.
func (o Options) Effective() Effective {
	m := DefaultOptions().Merge(o)
	return Effective{Range: time.Duration(*m.Range), Width: *m.Width, Height: *m.Height, MaxSeries: *m.MaxSeries}
}
