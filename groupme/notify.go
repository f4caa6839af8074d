package groupme

import (
	"context"
	"strings"
)

// Markers that Notify makes sure a text carries, so that an emergency or a
// resolution reads as one even under a user's template.
const (
	EmergencyMarker = "🚨 EMERGENCY"
	ResolvedMarker  = "✅ RESOLVED"
)

// Notification is a rendered notification, as the pipeline hands it to
// every destination. GroupMe has no priority, sound, receipt or cancel:
// it shows Title and Text as plain text, and PNG as a picture.
type Notification struct {
	Title     string // the first line, or "" when Text says it all
	Text      string // plain text, rendered by the groupme templates
	PNG       []byte // a chart, or nil
	Emergency bool   // the page is an emergency: marked in the text
	Resolved  bool   // every alert is resolved: marked in the text
}

// Result says what Notify did beyond posting.
type Result struct {
	Dropped    int   // parts (alerts, lines) Fit left out
	PictureErr error // why the picture was left out, if it was; the text was posted
}

// Notify posts n as the bot botID: the text composed by Text, fitted to
// MaxTextRunes, with the picture uploaded first when there is one and the
// client has an access token. A picture that cannot be uploaded is left
// out (Result.PictureErr) rather than losing the message, unless the
// context ended. The error is Post's.
func (c *Client) Notify(ctx context.Context, botID string, n Notification) (Result, error) {
	var res Result
	text, dropped := Fit(n.Compose())
	res.Dropped = dropped
	m := Message{BotID: botID, Text: text}
	if !ValidBotID(botID) {
		return res, m.Validate()
	}
	if len(n.PNG) > 0 && c.CanUpload() {
		u, err := c.UploadImage(ctx, n.PNG)
		if err != nil && ctx.Err() != nil {
			return res, err
		}
		m.PictureURL, res.PictureErr = u, err
	}
	return res, c.Post(ctx, m)
}

// Compose joins title and text with a blank line (as templates.GroupMeRendered.Message does) and adds the emergency or resolved marker
// when the text does not already carry it.
func (n Notification) Compose() string {
	text := strings.TrimSpace(n.Text)
	if t := strings.TrimSpace(n.Title); t != "" && !strings.HasPrefix(text, t) {
		text = t + "\n\n" + text
	}
	switch {
	case n.Emergency && !n.Resolved && !strings.Contains(text, EmergencyMarker):
		text = EmergencyMarker + " " + text
	case n.Resolved && !strings.Contains(text, ResolvedMarker):
		text = ResolvedMarker + " " + text
	}
	return strings.TrimSpace(text)
}
