package pushover_test

import (
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover"
)

func TestMessageValidate(t *testing.T) {
	tests := []struct {
		name   string
		modify func(m *pushover.Message)
		field  string // "" when valid
		rule   string // a substring
	}{
		{"valid", func(*pushover.Message) {}, "", ""},
		{"valid emergency", func(m *pushover.Message) { *m = *emergency("a-b_c") }, "", ""},
		{"no users", func(m *pushover.Message) { m.Users = nil }, "user", "at least one"},
		{"51 users", func(m *pushover.Message) { m.Users = repeat(user, 51) }, "user", "at most 50"},
		{"50 users", func(m *pushover.Message) { m.Users = repeat(user, 50) }, "", ""},
		{"short key", func(m *pushover.Message) { m.Users = []string{user, "abc"} }, "user", "key #2"},
		{"key with symbol", func(m *pushover.Message) { m.Users = []string{user[:29] + "!"} }, "user", "[A-Za-z0-9]"},
		{"blank message", func(m *pushover.Message) { m.Message = " \t\n" }, "message", "blank"},
		{"message 1024 runes", func(m *pushover.Message) { m.Message = strings.Repeat("€", 1024) }, "", ""},
		{"message 1025 runes", func(m *pushover.Message) { m.Message = strings.Repeat("€", 1025) }, "message", "at most 1024 runes, got 1025"},
		{"title 251", func(m *pushover.Message) { m.Title = strings.Repeat("a", 251) }, "title", "250"},
		{"url 513", func(m *pushover.Message) { m.URL = strings.Repeat("a", 513) }, "url", "512"},
		{"url_title 101", func(m *pushover.Message) { m.URLTitle = strings.Repeat("a", 101) }, "url_title", "100"},
		{"invalid utf-8", func(m *pushover.Message) { m.Title = "\xff" }, "title", "UTF-8"},
		{"priority 3", func(m *pushover.Message) { m.Priority = 3 }, "priority", "-2 to 2"},
		{"priority -3", func(m *pushover.Message) { m.Priority = -3 }, "priority", "-2 to 2"},
		{"html and monospace", func(m *pushover.Message) { m.HTML, m.Monospace = true, true }, "html", "mutually exclusive"},
		{"negative ttl", func(m *pushover.Message) { m.TTL = -time.Second }, "ttl", "positive"},
		{"emergency without retry", func(m *pushover.Message) { *m = *emergency(); m.Retry = 0 }, "retry", "required"},
		{"emergency without expire", func(m *pushover.Message) { *m = *emergency(); m.Expire = 0 }, "expire", "required"},
		{"retry 29s", func(m *pushover.Message) { *m = *emergency(); m.Retry = 29 * time.Second }, "retry", "at least 30s"},
		{"retry 30s", func(m *pushover.Message) { *m = *emergency(); m.Retry = 30 * time.Second }, "", ""},
		{"expire 3h", func(m *pushover.Message) { *m = *emergency(); m.Expire = 3 * time.Hour }, "", ""},
		{"expire 3h1s", func(m *pushover.Message) { *m = *emergency(); m.Expire = 3*time.Hour + time.Second }, "expire", "at most 3h0m0s"},
		{"expire below 1s", func(m *pushover.Message) { *m = *emergency(); m.Expire = time.Millisecond }, "expire", "at least 1s"},
		{"bad callback", func(m *pushover.Message) { *m = *emergency(); m.Callback = "ftp://x" }, "callback", "http"},
		{"good callback", func(m *pushover.Message) { *m = *emergency(); m.Callback = "https://example.com/ack" }, "", ""},
		{"retry ignored when not emergency", func(m *pushover.Message) { m.Retry = time.Second }, "", ""},
		{"device ok", func(m *pushover.Message) { m.Devices = []string{"phone", "My_Pixel-7"} }, "", ""},
		{"device too long", func(m *pushover.Message) { m.Devices = []string{strings.Repeat("d", 26)} }, "device", "#1"},
		{"device with space", func(m *pushover.Message) { m.Devices = []string{"phone", "my phone"} }, "device", "#2"},
		{"empty device", func(m *pushover.Message) { m.Devices = []string{""} }, "device", "1 to 25"},
		{"tag with comma", func(m *pushover.Message) { m.Tags = []string{"a,b"} }, "tags", "[A-Za-z0-9_-]"},
		{"empty tag", func(m *pushover.Message) { m.Tags = []string{""} }, "tags", "#1"},
		{"attachment max", func(m *pushover.Message) {
			m.Attachment = &pushover.Attachment{Data: make([]byte, pushover.MaxAttachment)}
		}, "", ""},
		{"attachment too big", func(m *pushover.Message) {
			m.Attachment = &pushover.Attachment{Data: make([]byte, pushover.MaxAttachment+1)}
		}, "attachment", "at most 5242880 bytes"},
		{"attachment empty", func(m *pushover.Message) { m.Attachment = &pushover.Attachment{} }, "attachment", "empty"},
		{"attachment filename quote", func(m *pushover.Message) {
			m.Attachment = &pushover.Attachment{Filename: `a"b`, Data: []byte{1}}
		}, "attachment", "filename"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := hello()
			tt.modify(m)
			err := m.Validate()
			if tt.field == "" {
				require.NoError(t, err)
				return
			}
			var ve *pushover.ValidationError
			require.ErrorAs(t, err, &ve)
			require.Equal(t, tt.field, ve.Field)
			require.Contains(t, ve.Rule, tt.rule)
			require.False(t, pushover.IsRetryable(err))
			require.NotContains(t, err.Error(), user)
		})
	}
}

func repeat(s string, n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = s
	}
	return out
}

func TestPredicates(t *testing.T) {
	require.True(t, pushover.ValidKey(user))
	require.False(t, pushover.ValidKey(user+"a"))
	require.False(t, pushover.ValidKey(user[:29]+"é"[:1]))
	require.True(t, pushover.ValidDevice("a"))
	require.True(t, pushover.ValidDevice("A-z_0123456789012345678901"[:25]))
	require.False(t, pushover.ValidDevice(""))
	require.False(t, pushover.ValidDevice("ph.one"))
	require.True(t, pushover.ValidTag("am-1f2e_x"))
	require.False(t, pushover.ValidTag(""))
	require.False(t, pushover.ValidTag("a/b"))
}

func TestTruncateRunes(t *testing.T) {
	tests := []struct {
		in   string
		n    int
		want string
		cut  bool
	}{
		{"hello", 5, "hello", false},
		{"hello", 4, "hel…", true},
		{"héllo wörld", 3, "hé…", true},
		{"日本語テキスト", 4, "日本語…", true},
		{"abc", 1, "…", true},
		{"abc", 0, "", true},
		{"", 0, "", false},
		{"abc", -1, "", true},
	}
	for _, tt := range tests {
		got, cut := pushover.TruncateRunes(tt.in, tt.n)
		require.Equal(t, tt.want, got, "%q %d", tt.in, tt.n)
		require.Equal(t, tt.cut, cut)
	}
	m := &pushover.Message{Users: []string{user}, Message: strings.Repeat("ü", 2000), Title: strings.Repeat("t", 300), URLTitle: "ok"}
	require.True(t, m.Truncate())
	require.NoError(t, m.Validate())
	require.False(t, m.Truncate())
}

func TestPriority(t *testing.T) {
	for _, tt := range []struct {
		in   string
		want pushover.Priority
	}{
		{"lowest", -2}, {"LOW", -1}, {"normal", 0}, {" high ", 1}, {"Emergency", 2},
		{"-2", -2}, {"-1", -1}, {"0", 0}, {"1", 1}, {"2", 2},
	} {
		p, err := pushover.ParsePriority(tt.in)
		require.NoError(t, err, tt.in)
		require.Equal(t, tt.want, p)
	}
	for _, bad := range []string{"", "3", "-3", "urgent", "1.0"} {
		_, err := pushover.ParsePriority(bad)
		require.ErrorIs(t, err, pushover.ErrInvalidPriority, bad)
	}
	require.Equal(t, "emergency", pushover.PriorityEmergency.String())
	require.Equal(t, "lowest", pushover.PriorityLowest.String())
	require.Equal(t, "Priority(7)", pushover.Priority(7).String())
	var p pushover.Priority
	require.NoError(t, p.UnmarshalText([]byte("high")))
	b, err := p.MarshalText()
	require.NoError(t, err)
	require.Equal(t, "high", string(b))
	_, err = pushover.Priority(9).MarshalText()
	require.Error(t, err)
	require.Error(t, p.UnmarshalText([]byte("x")))
	require.Equal(t, pushover.PriorityHigh, p, "unchanged on error")
}
