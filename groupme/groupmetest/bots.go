package groupmetest

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"
	"unicode/utf8"
)

// MaxTextRunes is GroupMe's limit on a post's text, in characters
// (counted, as GroupMe's apps do, in Unicode code points).
const MaxTextRunes = 1000

// maxRequestBody bounds what the fake reads of a post.
const maxRequestBody = 1 << 20

// postRequest is the decoded body of POST /v3/bots/post.
type postRequest struct {
	BotID       string
	Text        string
	PictureURL  string
	Attachments []Attachment
}

// ParsePost decodes the body of POST /v3/bots/post, as the fake does: a
// JSON object whose bot_id is a string (or a number), text a string,
// picture_url a string or null, attachments an array of objects with a
// "type". Unknown keys are ignored. Its errors are what the fake answers
// with HTTP 400.
func ParsePost(body []byte) (botID, text, pictureURL string, attachments []Attachment, err error) {
	var raw map[string]json.RawMessage
	if json.Unmarshal(body, &raw) != nil || raw == nil {
		return "", "", "", nil, errors.New("invalid JSON body")
	}
	var p postRequest
	if v, ok := raw["bot_id"]; ok {
		var n json.Number
		if json.Unmarshal(v, &p.BotID) != nil && json.Unmarshal(v, &n) == nil {
			p.BotID = n.String()
		}
	}
	if v, ok := raw["text"]; ok && string(v) != "null" && json.Unmarshal(v, &p.Text) != nil {
		return "", "", "", nil, errors.New("text must be a string")
	}
	if v, ok := raw["picture_url"]; ok && string(v) != "null" && json.Unmarshal(v, &p.PictureURL) != nil {
		return "", "", "", nil, errors.New("picture_url must be a string")
	}
	if v, ok := raw["attachments"]; ok && string(v) != "null" {
		if json.Unmarshal(v, &p.Attachments) != nil {
			return "", "", "", nil, errors.New("attachments must be an array of objects")
		}
		for _, a := range p.Attachments {
			if a.Type == "" {
				return "", "", "", nil, errors.New("attachments need a type")
			}
		}
	}
	return p.BotID, p.Text, p.PictureURL, p.Attachments, nil
}

// handlePost is POST /v3/bots/post.
func (s *Server) handlePost(r *http.Request) *reply {
	if mt, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); mt != "application/json" {
		return fail(http.StatusBadRequest, "Content-Type must be application/json")
	}
	body, err := io.ReadAll(io.LimitReader(r.Body, maxRequestBody+1))
	if err != nil || len(body) > maxRequestBody {
		return fail(http.StatusBadRequest, "Invalid JSON body")
	}
	botID, text, pic, atts, err := ParsePost(body)
	if err != nil {
		return fail(http.StatusBadRequest, err.Error())
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	group, known := s.st.bots[botID]
	switch {
	case !known:
		return fail(http.StatusNotFound, "Not Found")
	case utf8.RuneCountInString(text) > MaxTextRunes:
		return fail(http.StatusBadRequest, fmt.Sprintf("Text is too long (maximum is %d characters)", MaxTextRunes))
	case strings.TrimSpace(text) == "" && pic == "" && len(atts) == 0:
		return fail(http.StatusBadRequest, "Text can't be blank")
	case pic != "" && !s.issued(pic):
		return fail(http.StatusBadRequest, "picture_url is invalid: images must come from the image service")
	}
	for _, a := range atts {
		if a.Type == "image" && !s.issued(a.URL) {
			return fail(http.StatusBadRequest, "attachment url is invalid: images must come from the image service")
		}
	}
	now := s.cfg.now()
	if s.st.limited(&s.cfg, botID, now) {
		return &reply{code: s.cfg.rateStatus, errors: []string{"Enhance Your Calm"}, retryAfter: s.cfg.retryAfter}
	}
	s.st.posts = append(s.st.posts, Post{BotID: botID, GroupID: group, Text: text, PictureURL: pic,
		Attachments: atts, UserAgent: r.UserAgent(), At: now})
	return &reply{code: s.cfg.postStatus}
}

// issued reports whether u is a picture this fake stored (or, with
// WithLenientPictureURL, any absolute URL). Call with s.mu held.
func (s *Server) issued(u string) bool {
	if s.cfg.lenientPicture {
		return strings.HasPrefix(u, "http://") || strings.HasPrefix(u, "https://")
	}
	name, ok := strings.CutPrefix(u, s.RootURL()+"/i/")
	return ok && s.st.pictures[name] != nil
}
