package templates

import (
	"fmt"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

// TestGuessFindsWhatSearchFinds checks that fitting from the guess (two
// renders) keeps as many alerts as the full search over every count does,
// with the same text, for groups of every size in HTML and plain text.
func TestGuessFindsWhatSearchFinds(t *testing.T) {
	tm := newTestTemplates(t)
	for _, format := range []Format{FormatHTML, FormatText} {
		for _, n := range []int{3, 7, 10, 25, 50, 100} {
			t.Run(fmt.Sprintf("%s/%d", format, n), func(t *testing.T) {
				d := prepare(syntheticGroup(n), format)
				html := format == FormatHTML
				text := `{{ template "pushover.message" . }}`
				c, err := tm.compile(text, html)
				require.NoError(t, err)
				defer tm.release(text, html, c)
				f := messageFitter{tmpl: c, d: d, html: html, limit: pushover.MaxMessageRunes, compactFirst: n >= 10}
				_, _, err = f.try(n, true)
				require.NoError(t, err)
				g := f.guess(n - 1)
				require.Positive(t, g, "the default templates write a line per compact alert")
				k, s, err := f.most(n-1, g)
				require.NoError(t, err)
				if n >= 10 {
					require.True(t, f.linesExact(), "the lines give the answer without a render")
				}
				wantK, wantS, err := f.search(1, n-1, 0, "")
				require.NoError(t, err)
				require.Equal(t, wantK, k)
				require.Equal(t, k, g, "the guess is the answer: two renders")
				require.Equal(t, wantS, s)
			})
		}
	}
}

// TestCompactFirstChangesNothing renders groups of many alerts with and
// without trying the compact body first: the messages are the same.
func TestCompactFirstChangesNothing(t *testing.T) {
	tm := newTestTemplates(t)
	require.True(t, tm.defaultBody)
	plain := *tm
	plain.defaultBody = false
	groups := map[string]*Data{}
	for _, n := range []int{10, 12, 25, 100} {
		groups[fmt.Sprintf("synthetic-%d", n)] = syntheticGroup(n)
		mixed := syntheticGroup(n)
		for i := range mixed.Alerts {
			if i%3 == 0 {
				mixed.Alerts[i].Labels["severity"] = "warning"
			}
			if i%4 == 0 {
				mixed.Alerts[i].Status, mixed.Alerts[i].EndsAt = "resolved", testClock
			}
			mixed.Alerts[i].GeneratorURL = ""
		}
		mixed.Data = Restrict(mixed.Data, mixed.Alerts)
		mixed.ExternalURL = ""
		groups[fmt.Sprintf("mixed-%d", n)] = mixed
	}
	for _, p := range payloadFiles(t) {
		groups[p[0]] = readPayload(t, p[1])
	}
	for name, d := range groups {
		for _, format := range []Format{FormatHTML, FormatText, FormatMonospace} {
			spec := DefaultSpec()
			spec.Format = format
			require.Equal(t, plain.Render(spec, d), tm.Render(spec, d), "%s %s", name, format)
		}
	}
}

func TestRedefinedBodyIsNotDefault(t *testing.T) {
	require.False(t, newTestTemplates(t, "testdata/redefined-labels.tmpl").defaultBody)
}
