package pushover

import (
	"mime"
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// keyLen is the length of app tokens, user and group keys and receipts.
const keyLen = 30

// ValidKey reports whether s has the format of an app token, user key, group
// key or receipt: 30 characters of [A-Za-z0-9].
func ValidKey(s string) bool {
	if len(s) != keyLen {
		return false
	}
	for i := 0; i < len(s); i++ {
		if !isAlnum(s[i]) {
			return false
		}
	}
	return true
}

// ValidDevice reports whether s is a valid device name: 1 to 25 characters of
// [A-Za-z0-9_-].
func ValidDevice(s string) bool {
	return len(s) >= 1 && len(s) <= MaxDeviceRunes && onlyTagChars(s)
}

// ValidTag reports whether s is a usable receipt tag: one or more characters
// of [A-Za-z0-9_-]. (Pushover documents no limit; this charset keeps tags safe
// in a URL path and in a comma-separated list.)
func ValidTag(s string) bool { return s != "" && onlyTagChars(s) }

func isAlnum(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9'
}

func onlyTagChars(s string) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; !isAlnum(c) && c != '_' && c != '-' {
			return false
		}
	}
	return true
}

// TruncateRunes shortens s to at most n runes, never splitting a UTF-8
// sequence. When it cuts, the last kept rune is replaced by "…" and the second
// result is true.
func TruncateRunes(s string, n int) (string, bool) {
	if n < 0 {
		n = 0
	}
	if utf8.RuneCountInString(s) <= n {
		return s, false
	}
	if n == 0 {
		return "", true
	}
	i, kept := 0, 0
	for kept < n-1 {
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
		kept++
	}
	return s[:i] + "…", true
}

// Truncate fits Message, Title and URLTitle into Pushover's limits with
// TruncateRunes and reports whether anything was cut. URL is left alone: a
// truncated URL would be a broken link, and Validate rejects it instead.
func (m *Message) Truncate() bool {
	var a, b, c bool
	m.Message, a = TruncateRunes(m.Message, MaxMessageRunes)
	m.Title, b = TruncateRunes(m.Title, MaxTitleRunes)
	m.URLTitle, c = TruncateRunes(m.URLTitle, MaxURLTitleRunes)
	return a || b || c
}

// Validate checks m against Pushover's documented rules. The error, a
// *ValidationError, names the parameter and the rule; it never quotes keys.
func (m *Message) Validate() error {
	for _, check := range []func() *ValidationError{
		m.validateUsers, m.validateText, m.validateFlags,
		m.validateEmergency, m.validateDevicesAndTags, m.validateAttachment,
	} {
		if err := check(); err != nil {
			return err
		}
	}
	return nil
}

func (m *Message) validateUsers() *ValidationError {
	switch {
	case len(m.Users) == 0:
		return invalid("user", "at least one user or group key is required")
	case len(m.Users) > MaxUsers:
		return invalid("user", "at most %d keys, got %d", MaxUsers, len(m.Users))
	}
	for i, u := range m.Users {
		if !ValidKey(u) {
			return invalid("user", "key #%d must be %d characters of [A-Za-z0-9]", i+1, keyLen)
		}
	}
	return nil
}

func (m *Message) validateText() *ValidationError {
	if strings.TrimSpace(m.Message) == "" {
		return invalid("message", "must not be blank")
	}
	for _, f := range []struct {
		name, value string
		limit       int
	}{
		{"message", m.Message, MaxMessageRunes},
		{"title", m.Title, MaxTitleRunes},
		{"url", m.URL, MaxURLRunes},
		{"url_title", m.URLTitle, MaxURLTitleRunes},
	} {
		if n := utf8.RuneCountInString(f.value); n > f.limit {
			return invalid(f.name, "at most %d runes, got %d", f.limit, n)
		}
		if !utf8.ValidString(f.value) {
			return invalid(f.name, "must be valid UTF-8")
		}
	}
	return nil
}

func (m *Message) validateFlags() *ValidationError {
	switch {
	case !m.Priority.Valid():
		return invalid("priority", "must be -2 to 2, got %d", int(m.Priority))
	case m.HTML && m.Monospace:
		return invalid("html", "html and monospace are mutually exclusive")
	case m.TTL < 0:
		return invalid("ttl", "must be positive")
	}
	return nil
}

func (m *Message) validateEmergency() *ValidationError {
	if m.Priority != PriorityEmergency {
		return nil
	}
	switch {
	case m.Retry == 0:
		return invalid("retry", "required with priority 2 (emergency)")
	case m.Expire == 0:
		return invalid("expire", "required with priority 2 (emergency)")
	case m.Retry < MinEmergencyRetry:
		return invalid("retry", "at least %s, got %s", MinEmergencyRetry, m.Retry)
	case m.Expire < time.Second:
		return invalid("expire", "at least 1s, got %s", m.Expire)
	case m.Expire > MaxEmergencyExpire:
		return invalid("expire", "at most %s, got %s", MaxEmergencyExpire, m.Expire)
	}
	if m.Callback != "" {
		u, err := url.Parse(m.Callback)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			return invalid("callback", "must be an absolute http or https URL")
		}
	}
	return nil
}

func (m *Message) validateDevicesAndTags() *ValidationError {
	for i, d := range m.Devices {
		if !ValidDevice(d) {
			return invalid("device", "name #%d must be 1 to %d characters of [A-Za-z0-9_-]", i+1, MaxDeviceRunes)
		}
	}
	for i, t := range m.Tags {
		if !ValidTag(t) {
			return invalid("tags", "tag #%d must be one or more characters of [A-Za-z0-9_-]", i+1)
		}
	}
	return nil
}

func (m *Message) validateAttachment() *ValidationError {
	a := m.Attachment
	switch {
	case a == nil:
		return nil
	case len(a.Data) == 0:
		return invalid("attachment", "must not be empty")
	case len(a.Data) > MaxAttachment:
		return invalid("attachment", "at most %d bytes, got %d", MaxAttachment, len(a.Data))
	case strings.ContainsAny(a.Filename, "\"\r\n"):
		return invalid("attachment", "filename must not contain quotes or newlines")
	case !AttachmentTypeOK(a.ContentType):
		return invalid("attachment", "content type %q is not an image (image/*, or empty for application/octet-stream)", a.ContentType)
	}
	return nil
}

// AttachmentTypeOK reports whether ct may label an attachment: Pushover
// takes images only (https://pushover.net/api#attachments). Empty and
// application/octet-stream, which Go's multipart writer and other clients
// send for any file, are accepted too.
func AttachmentTypeOK(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	switch {
	case ct == "":
		return true
	case err != nil:
		return false
	}
	return strings.HasPrefix(mt, "image/") || mt == "application/octet-stream"
}
