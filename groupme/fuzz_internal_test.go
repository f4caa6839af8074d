package groupme

import (
	"testing"
	"unicode/utf8"
)

// FuzzDecodeErrors: any error body yields at most maxErrors short, valid
// texts, and never panics.
func FuzzDecodeErrors(f *testing.F) {
	for _, s := range []string{
		`{"meta":{"code":400,"errors":["Name is required"]},"response":null}`,
		`{"meta":{"errors":[1,{"a":2},null,"x"]}}`, `<html>`, ``, `{"meta":null}`, `{"meta":{"errors":"x"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		errs := decodeErrors(b)
		if len(errs) > maxErrors {
			t.Fatalf("%d errors", len(errs))
		}
		for _, e := range errs {
			if !utf8.ValidString(e) || utf8.RuneCountInString(e) > maxErrorRunes || e == "" {
				t.Fatalf("bad error text %q", e)
			}
		}
	})
}

// FuzzDecodeUpload: an upload answer yields an absolute http(s) URL or an error.
func FuzzDecodeUpload(f *testing.F) {
	for _, s := range []string{
		`{"payload":{"url":"https://i.groupme.com/1","picture_url":"https://i.groupme.com/1"}}`,
		`{"payload":{"url":"https://i.groupme.com/1"}}`, `{"payload":{"picture_url":"javascript:x"}}`,
		`{"payload":null}`, `{}`, ``, `{"payload":{"url":"http://u:p@h/"}}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		u, err := decodeUpload(b)
		if err == nil && !absoluteHTTP(u) {
			t.Fatalf("accepted %q", u)
		}
	})
}

// FuzzFitN: the result always fits, is valid UTF-8 and never empty.
func FuzzFitN(f *testing.F) {
	f.Add("head\n\nbody one\n\nbody two", 40)
	f.Add("one very long line without any break at all, longer than the limit", 40)
	f.Add("\xff\xfe", 40)
	f.Fuzz(func(t *testing.T, s string, limit int) {
		limit = 40 + abs(limit)%2000
		got, _ := FitN(s, limit)
		if utf8.RuneCountInString(got) > limit || !utf8.ValidString(got) || got == "" {
			t.Fatalf("FitN(%q, %d) = %q", s, limit, got)
		}
	})
}

func abs(n int) int {
	if n < 0 {
		if n == -n { // math.MinInt
			return 0
		}
		return -n
	}
	return n
}

// FuzzDecodeBots: a bot list answer decodes or fails, never panics, and
// keeps names and group ids short.
func FuzzDecodeBots(f *testing.F) {
	f.Add([]byte(`{"response":[{"bot_id":"a","group_id":"1","name":"n"}],"meta":{"code":200}}`))
	f.Add([]byte(`{"response":null}`))
	f.Add([]byte(`{"response":{"bot_id":"a"}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		bots, err := decodeBots(b)
		if err != nil {
			return
		}
		for _, bot := range bots {
			if utf8.RuneCountInString(bot.Name) > maxErrorRunes || utf8.RuneCountInString(bot.GroupID) > maxErrorRunes {
				t.Fatalf("%+v", bot)
			}
		}
	})
}
