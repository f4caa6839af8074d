package groupme

import (
	"context"
	"encoding/json"
	"net/http"
	"regexp"
	"strings"
	"unicode/utf8"
)

// Message is one post by a bot (https://dev.groupme.com/docs/v3#bots_post).
type Message struct {
	// BotID is the bot's id, a secret: whoever knows it posts as the bot.
	BotID string
	// Text is at most MaxTextRunes runes of valid UTF-8, not blank. Fit
	// fits longer text.
	Text string
	// PictureURL is an image from the image service (UploadImage), or "".
	PictureURL string
}

// MaxBotIDLen bounds a bot id. GroupMe says only that "IDs are unordered
// alphanumeric strings" (https://dev.groupme.com/docs/responses); bot ids
// seen in the wild are 26 characters.
const MaxBotIDLen = 64

var botIDRE = regexp.MustCompile(`^[A-Za-z0-9]+$`)

// ValidBotID reports whether id has the shape of a bot id: 1 to
// MaxBotIDLen letters and digits.
func ValidBotID(id string) bool { return len(id) <= MaxBotIDLen && botIDRE.MatchString(id) }

// Validate checks m before it is sent. Its errors never quote a value.
func (m Message) Validate() error {
	switch n := utf8.RuneCountInString(m.Text); {
	case !ValidBotID(m.BotID):
		return invalid("bot_id", "must be 1 to %d letters and digits", MaxBotIDLen)
	case !utf8.ValidString(m.Text):
		return invalid("text", "must be valid UTF-8")
	case strings.TrimSpace(m.Text) == "":
		return invalid("text", "must not be empty")
	case n > MaxTextRunes:
		return invalid("text", "at most %d characters, got %d", MaxTextRunes, n)
	case m.PictureURL != "" && !absoluteHTTP(m.PictureURL):
		return invalid("picture_url", "must be an absolute http(s) URL from the image service")
	}
	return nil
}

// postBody is the JSON of POST /bots/post. picture_url is the documented
// way to attach an image; the fake also accepts the attachments array.
type postBody struct {
	BotID      string `json:"bot_id"`
	Text       string `json:"text"`
	PictureURL string `json:"picture_url,omitempty"`
}

// Post posts m as its bot into the bot's group. Success is any 2xx (GroupMe
// documents 201 Created; clients have seen 202 Accepted); the answer has no
// body worth reading.
func (c *Client) Post(ctx context.Context, m Message) error {
	if err := m.Validate(); err != nil {
		return err
	}
	body, err := json.Marshal(postBody(m))
	if err != nil {
		return invalid("text", "cannot be encoded as JSON")
	}
	_, err = c.do(ctx, &call{
		endpoint: EndpointPost, url: c.api.JoinPath("bots", "post").String(),
		body: body, contentType: "application/json", secrets: []string{m.BotID, c.accessToken},
	})
	return err
}

// UploadImage uploads an image (PNG, JPEG or GIF bytes) to the image
// service and returns its picture URL, for Message.PictureURL. It needs
// an access token (WithAccessToken); the token goes in the X-Access-Token
// header, never in the URL.
func (c *Client) UploadImage(ctx context.Context, img []byte) (string, error) {
	switch {
	case c.accessToken == "":
		return "", &ValidationError{Field: "access_token", Rule: "needed to upload images", Err: ErrNoAccessToken}
	case len(img) == 0:
		return "", invalid("image", "is empty")
	case len(img) > MaxUploadBytes:
		return "", invalid("image", "at most %d bytes, got %d", MaxUploadBytes, len(img))
	}
	var picture string
	_, err := c.do(ctx, &call{
		endpoint: EndpointPictures, url: c.image.JoinPath("pictures").String(),
		body: img, contentType: UploadContentType,
		header:  http.Header{"X-Access-Token": []string{c.accessToken}},
		secrets: []string{c.accessToken},
		check: func(a *answer) error {
			u, err := decodeUpload(a.body)
			if err != nil {
				return &TemporaryError{Endpoint: EndpointPictures, StatusCode: a.status, Err: err}
			}
			picture = u
			return nil
		},
	})
	return picture, err
}
