package pipeline

import (
	"testing"

	"github.com/stretchr/testify/require"
)

func TestRecentKeepsTheLatestNewestFirst(t *testing.T) {
	var none *Recent
	none.Add(RecentDelivery{Route: "x"})
	require.Empty(t, none.List())

	r := NewRecent(3)
	require.Empty(t, r.List())
	for _, name := range []string{"a", "b"} {
		r.Add(RecentDelivery{Route: name})
	}
	require.Equal(t, []string{"b", "a"}, routes(r.List()))
	for _, name := range []string{"c", "d", "e"} {
		r.Add(RecentDelivery{Route: name})
	}
	require.Equal(t, []string{"e", "d", "c"}, routes(r.List()))
}

func routes(ds []RecentDelivery) []string {
	out := make([]string, 0, len(ds))
	for _, d := range ds {
		out = append(out, d.Route)
	}
	return out
}
