package templates

import (
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
	"github.com/stretchr/testify/require"
)

// requirePushoverValid fails unless r is something Pushover accepts and
// shows as meant: every field within its limit, valid UTF-8, the message
// not blank, HTML within Pushover's subset and well-formed.
func requirePushoverValid(tb testing.TB, r Rendered) {
	tb.Helper()
	for _, f := range []struct {
		name, value string
		limit       int
	}{
		{"title", r.Title, pushover.MaxTitleRunes},
		{"message", r.Message, pushover.MaxMessageRunes},
		{"url", r.URL, pushover.MaxURLRunes},
		{"url_title", r.URLTitle, pushover.MaxURLTitleRunes},
	} {
		require.True(tb, utf8.ValidString(f.value), "%s is not valid UTF-8: %q", f.name, f.value)
		require.LessOrEqual(tb, utf8.RuneCountInString(f.value), f.limit, "%s too long: %q", f.name, f.value)
		for _, c := range f.value {
			require.False(tb, c < 0x20 && c != '\n' && c != '\t', "%s has control character %U: %q", f.name, c, f.value)
		}
	}
	require.NotEmpty(tb, strings.TrimSpace(r.Message), "message is blank")
	if r.Format == FormatHTML {
		require.NoError(tb, checkPushoverHTML(r.Message), "message: %q", r.Message)
		require.NotEmpty(tb, strings.TrimSpace(stripTags(r.Message)), "message shows nothing: %q", r.Message)
	}
}
