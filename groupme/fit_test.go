package groupme_test

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
)

func TestFitN(t *testing.T) {
	para := func(s string, n int) string { return strings.Repeat(s, n) }
	for _, tc := range []struct {
		name, in, want string
		limit, dropped int
	}{
		{"fits", "hello\nworld\n", "hello\nworld", 40, 0},
		{"empty", " \n ", groupme.NoDetails, 40, 0},
		{"invalid utf8 removed", "a\xffb", "ab", 40, 0},
		{"drops whole paragraphs", "head line\n\n" + para("a", 20) + "\n\n" + para("b", 20) + "\n\n" + para("c", 20),
			"head line\n\n" + para("a", 20) + "\n\n… and 2 more", 50, 2},
		{"drops whole lines of one paragraph", "head\n" + para("a", 20) + "\n" + para("b", 20) + "\n" + para("c", 20),
			"head\n" + para("a", 20) + "\n… and 2 more", 45, 2},
		{"cuts the first part last", para("word ", 20) + "\n\n" + "second",
			"word word word word word word…\n… and 1 more", 45, 1},
		{"cuts a single long line", para("x", 100), para("x", 39) + "…", 40, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, dropped := groupme.FitN(tc.in, tc.limit)
			require.Equal(t, tc.want, got)
			require.Equal(t, tc.dropped, dropped)
			require.LessOrEqual(t, utf8.RuneCountInString(got), tc.limit)
		})
	}
}

func TestFitDefaultLimit(t *testing.T) {
	var b strings.Builder
	b.WriteString("🚨 EMERGENCY FIRING 300 · DiskFull")
	for i := range 300 {
		b.WriteString("\n\n[critical] disk full on host-" + strings.Repeat("é", i%7) + "\nsince 3m")
	}
	got, dropped := groupme.Fit(b.String())
	require.LessOrEqual(t, utf8.RuneCountInString(got), groupme.MaxTextRunes)
	require.Greater(t, dropped, 250)
	require.True(t, strings.HasPrefix(got, "🚨 EMERGENCY FIRING 300"))
	require.True(t, strings.HasSuffix(got, " more"))
}
