package pushover

import (
	"bytes"
	"fmt"
	"mime/multipart"
	"net/textproto"
	"net/url"
	"strconv"
	"strings"
	"time"
)

// params encodes m as messages.json parameters. Empty fields are left out;
// retry, expire, callback and tags are sent only with emergency priority.
func (m *Message) params(token string) url.Values {
	v := url.Values{}
	set := func(k, s string) {
		if s != "" {
			v.Set(k, s)
		}
	}
	set("token", token)
	set("user", strings.Join(m.Users, ","))
	set("message", m.Message)
	set("title", m.Title)
	set("url", m.URL)
	set("url_title", m.URLTitle)
	set("device", strings.Join(m.Devices, ","))
	set("sound", m.Sound)
	if m.HTML {
		v.Set("html", "1")
	}
	if m.Monospace {
		v.Set("monospace", "1")
	}
	if m.Priority != PriorityNormal {
		v.Set("priority", strconv.Itoa(int(m.Priority)))
	}
	if !m.Timestamp.IsZero() {
		v.Set("timestamp", strconv.FormatInt(m.Timestamp.Unix(), 10))
	}
	if m.TTL > 0 {
		v.Set("ttl", strconv.FormatInt(ceilSeconds(m.TTL), 10))
	}
	if m.Priority == PriorityEmergency {
		v.Set("retry", strconv.FormatInt(int64(m.Retry/time.Second), 10))
		v.Set("expire", strconv.FormatInt(int64(m.Expire/time.Second), 10))
		set("callback", m.Callback)
		set("tags", strings.Join(m.Tags, ","))
	}
	return v
}

func ceilSeconds(d time.Duration) int64 {
	return int64((d + time.Second - 1) / time.Second)
}

// multipartBody encodes the parameters and the attachment as
// multipart/form-data, returning the body and its Content-Type.
func multipartBody(v url.Values, a *Attachment) ([]byte, string, error) {
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k, vals := range v {
		for _, s := range vals {
			if err := w.WriteField(k, s); err != nil {
				return nil, "", err
			}
		}
	}
	name := a.Filename
	if name == "" {
		name = "attachment"
	}
	ctype := a.ContentType
	if ctype == "" {
		ctype = "application/octet-stream"
	}
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="attachment"; filename=%q`, name))
	h.Set("Content-Type", ctype)
	part, err := w.CreatePart(h)
	if err != nil {
		return nil, "", err
	}
	if _, err := part.Write(a.Data); err != nil {
		return nil, "", err
	}
	if err := w.Close(); err != nil {
		return nil, "", err
	}
	return buf.Bytes(), w.FormDataContentType(), nil
}
