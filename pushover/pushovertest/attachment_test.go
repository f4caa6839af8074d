package pushovertest_test

import (
	"bytes"
	"mime/multipart"
	"net/textproto"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// TestAttachmentMustBeAnImage: Pushover takes images only; a multipart
// part may say application/octet-stream (Go's CreateFormFile), a base64
// attachment must name an image type.
func TestAttachmentMustBeAnImage(t *testing.T) {
	s := newDemo(t)
	png := "iVBORw0KGgo=" // the PNG signature
	a := postForm(t, s, "messages.json", demo("attachment_base64", png, "attachment_type", "image/png"))
	require.Equal(t, 200, a.code)
	require.Equal(t, "image/png", s.Messages()[0].AttachmentType)
	require.Equal(t, []byte("\x89PNG\r\n\x1a\n"), s.Messages()[0].Attachment)

	a = postForm(t, s, "messages.json", demo("attachment_base64", png, "attachment_type", "application/pdf"))
	require.Equal(t, 400, a.code)
	require.Equal(t, `{"attachment":"is not an image","errors":["attachment must be an image, not \"application/pdf\""],"status":0,"request":"R"}`, a.normalized())

	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	require.NoError(t, w.WriteField("token", pushovertest.DemoToken))
	require.NoError(t, w.WriteField("user", pushovertest.DemoUser))
	require.NoError(t, w.WriteField("message", "hello"))
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", `form-data; name="attachment"; filename="notes.txt"`)
	h.Set("Content-Type", "text/plain")
	part, err := w.CreatePart(h)
	require.NoError(t, err)
	_, err = part.Write([]byte("hello"))
	require.NoError(t, err)
	require.NoError(t, w.Close())
	a = postRaw(t, s, "messages.json", w.FormDataContentType(), buf.Bytes())
	require.Equal(t, 400, a.code)
	require.Contains(t, a.normalized(), `"attachment":"is not an image"`)
	require.Len(t, s.Messages(), 1)
}
