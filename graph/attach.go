package graph

import "github.com/alertmanager-pushover/alertmanager-pushover/pushover"

// Attachment wraps a chart from Chart as a message's attachment. The same
// bytes may go to every recipient of the webhook: Send only reads them.
func Attachment(png []byte) *pushover.Attachment {
	return &pushover.Attachment{Filename: "chart.png", ContentType: "image/png", Data: png}
}
