package graph

import (
	"testing"
	"time"

	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
	"gopkg.in/yaml.v3"
)

func TestOptionsInherit(t *testing.T) {
	var defaults, route, off Options
	require.NoError(t, yaml.Unmarshal([]byte("{range: 1h, width: 1000}"), &defaults))
	require.NoError(t, yaml.Unmarshal([]byte("{height: 600, max_series: 3}"), &route))
	require.NoError(t, yaml.Unmarshal([]byte("{range: 0s}"), &off))
	require.Equal(t, Effective{}.Range, Options{}.Effective().Range, "no chart unless a range is set")
	require.Equal(t, Effective{Range: time.Hour, Width: 1000, Height: 600, MaxSeries: 3}, defaults.Merge(route).Effective())
	require.Equal(t, Effective{Range: 0, Width: 1000, Height: 450, MaxSeries: 5}, defaults.Merge(off).Effective())
}

func TestOptionsValidate(t *testing.T) {
	d := func(s string) *model.Duration {
		v, err := model.ParseDuration(s)
		require.NoError(t, err)
		return &v
	}
	require.NoError(t, DefaultOptions().Validate())
	require.NoError(t, Options{}.Validate())
	for _, tc := range []struct {
		name string
		o    Options
		msg  string
	}{
		{"negative range", Options{Range: ptr(model.Duration(-time.Minute))}, "graph.range: invalid value"},
		{"long range", Options{Range: d("8d")}, "graph.range: invalid value: 8d must be between 0 (no chart) and 1w"},
		{"narrow", Options{Width: ptr(100)}, "graph.width: invalid value: 100 must be between 200 and 2000 pixels"},
		{"tall", Options{Height: ptr(4000)}, "graph.height"},
		{"no series", Options{MaxSeries: ptr(0)}, "graph.max_series: invalid value: 0 must be between 1 and 50"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.o.Validate()
			require.ErrorIs(t, err, ErrInvalid)
			require.ErrorContains(t, err, tc.msg)
		})
	}
}
