package groupme

import (
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode/utf8"
)

// errBadBody is wrapped when a 2xx answer is not what GroupMe documents.
var errBadBody = errors.New("malformed response body")

// Bounds on what an error keeps of GroupMe's meta.errors.
const (
	maxErrors     = 5
	maxErrorRunes = 200
)

// envelope is GroupMe's response envelope (https://dev.groupme.com/docs/responses):
// {"response": ..., "meta": {"code": 400, "errors": ["Name is required"]}}.
type envelope struct {
	Meta struct {
		Errors []json.RawMessage `json:"errors"`
	} `json:"meta"`
}

// decodeErrors returns meta.errors of an error answer, each as text, at
// most maxErrors of at most maxErrorRunes; nil when the body is not the
// envelope (an HTML error page, say).
func decodeErrors(data []byte) []string {
	var env envelope
	if json.Unmarshal(data, &env) != nil {
		return nil
	}
	var out []string
	for _, raw := range env.Meta.Errors {
		if len(out) == maxErrors {
			break
		}
		var s string
		if json.Unmarshal(raw, &s) != nil {
			s = string(raw) // not a string: show the JSON
		}
		if s = clip(strings.Join(strings.Fields(strings.ToValidUTF8(s, "")), " "), maxErrorRunes); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// clip cuts s to at most n runes.
func clip(s string, n int) string {
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return string(r[:n-1]) + "…"
}

// uploadAnswer is the image service's answer
// (https://dev.groupme.com/docs/image_service):
// {"payload": {"url": "https://i.groupme.com/…", "picture_url": "https://i.groupme.com/…"}}.
type uploadAnswer struct {
	Payload *struct {
		URL        string `json:"url"`
		PictureURL string `json:"picture_url"`
	} `json:"payload"`
}

// decodeUpload returns the picture URL of an upload's answer: picture_url,
// or url when picture_url is absent. It must be an absolute http(s) URL.
func decodeUpload(data []byte) (string, error) {
	var a uploadAnswer
	if err := json.Unmarshal(data, &a); err != nil {
		return "", fmt.Errorf("%w: not JSON", errBadBody)
	}
	if a.Payload == nil {
		return "", fmt.Errorf("%w: no payload", errBadBody)
	}
	u := a.Payload.PictureURL
	if u == "" {
		u = a.Payload.URL
	}
	if !absoluteHTTP(u) {
		return "", fmt.Errorf("%w: payload has no absolute picture URL", errBadBody)
	}
	return u, nil
}

// absoluteHTTP reports whether s is an absolute http or https URL with a
// host and no credentials.
func absoluteHTTP(s string) bool {
	u, err := url.Parse(s)
	return err == nil && (u.Scheme == "http" || u.Scheme == "https") && u.Host != "" && u.User == nil
}
