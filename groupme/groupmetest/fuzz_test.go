package groupmetest_test

import (
	"testing"
	"unicode/utf8"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// FuzzParsePost feeds the fake's request parser arbitrary bodies: it never
// panics, and what it accepts has a type on every attachment.
func FuzzParsePost(f *testing.F) {
	for _, s := range []string{
		`{"bot_id":"b","text":"hi"}`, `{"bot_id":12,"text":null,"picture_url":null}`,
		`{"bot_id":"b","attachments":[{"type":"image","url":"http://x/i/a"}]}`,
		`{"attachments":[{}]}`, `[]`, `null`, `{"text":5}`, `{"bot_id":"b","text":"\ud83d"}`, ``,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		_, text, _, atts, err := groupmetest.ParsePost(body)
		if err != nil {
			require.NotEmpty(t, err.Error())
			return
		}
		require.True(t, utf8.ValidString(text), "decoded text is valid UTF-8")
		for _, a := range atts {
			require.NotEmpty(t, a.Type)
		}
	})
}
