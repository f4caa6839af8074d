package graph

import (
	"math"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/prometheus/common/model"
)

// MaxLegendRunes is the longest legend entry; longer ones end in "…".
const MaxLegendRunes = 48

// top returns the n series with the highest peaks (ties: the highest last
// value, then the label set), highest first, and how many were left out.
func top(m model.Matrix, n int) (model.Matrix, int) {
	type ranked struct {
		s          *model.SampleStream
		peak, last float64
		key        string
	}
	rs := make([]ranked, len(m))
	for i, s := range m {
		rs[i] = ranked{s: s, peak: peak(s.Values), last: last(s.Values), key: s.Metric.String()}
	}
	sort.SliceStable(rs, func(i, j int) bool {
		a, b := rs[i], rs[j]
		if a.peak != b.peak {
			return a.peak > b.peak
		}
		if a.last != b.last {
			return a.last > b.last
		}
		return a.key < b.key
	})
	n = min(n, len(rs))
	out := make(model.Matrix, n)
	for i := range out {
		out[i] = rs[i].s
	}
	return out, len(rs) - n
}

// peak is the largest finite value, -Inf when there is none.
func peak(vs []model.SamplePair) float64 {
	p := math.Inf(-1)
	for _, v := range vs {
		if f := float64(v.Value); finite(f) && f > p {
			p = f
		}
	}
	return p
}

// last is the last finite value, -Inf when there is none.
func last(vs []model.SamplePair) float64 {
	for i := len(vs) - 1; i >= 0; i-- {
		if f := float64(vs[i].Value); finite(f) {
			return f
		}
	}
	return math.Inf(-1)
}

func finite(f float64) bool { return !math.IsNaN(f) && !math.IsInf(f, 0) }

// legends names each series by the labels that tell it from the others
// (all of its labels when it is alone), as name=value pairs, shortened to
// MaxLegendRunes.
func legends(m model.Matrix) []string {
	common := map[model.LabelName]model.LabelValue{}
	if len(m) > 1 {
		for k, v := range m[0].Metric {
			common[k] = v
		}
		for _, s := range m[1:] {
			for k, v := range common {
				if s.Metric[k] != v {
					delete(common, k)
				}
			}
		}
	}
	out := make([]string, len(m))
	for i, s := range m {
		out[i] = legend(s.Metric, common)
	}
	return out
}

func legend(metric model.Metric, common map[model.LabelName]model.LabelValue) string {
	var name string
	var pairs []string
	for k, v := range metric {
		switch {
		case k == model.MetricNameLabel:
			if _, ok := common[k]; !ok {
				name = string(v)
			}
		case !has(common, k):
			pairs = append(pairs, string(k)+"="+string(v))
		}
	}
	slices.Sort(pairs)
	s := strings.Join(pairs, ", ")
	if name != "" {
		s = strings.TrimSpace(name + " " + s)
	}
	if s == "" {
		s = "{}"
	}
	return truncate(s, MaxLegendRunes)
}

func has(m map[model.LabelName]model.LabelValue, k model.LabelName) bool {
	_, ok := m[k]
	return ok
}

func truncate(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	return string([]rune(s)[:n-1]) + "…"
}
