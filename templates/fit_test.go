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
				f := messageFitter{tmpl: c, d: d, html: html, limit: pushover.MaxMessageRunes}
				_, _, err = f.try(n, true)
				require.NoError(t, err)
				g := f.guess(n - 1)
				require.Positive(t, g, "the default templates write a line per compact alert")
				k, s, err := f.most(n-1, g)
				require.NoError(t, err)
				wantK, wantS, err := f.search(1, n-1, 0, "")
				require.NoError(t, err)
				require.Equal(t, wantK, k)
				require.Equal(t, k, g, "the guess is the answer: two renders")
				require.Equal(t, wantS, s)
			})
		}
	}
}
