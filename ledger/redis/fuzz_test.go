package redisledger

import (
	"net/url"
	"strings"
	"testing"

	"github.com/alertmanager-pushover/alertmanager-pushover/ledger"
)

// FuzzParseURL: any URL parses or fails with ErrConfig, and a failure
// never quotes the password.
func FuzzParseURL(f *testing.F) {
	for _, s := range []string{"redis://:pw@h:6379/0", "rediss://u:pw@h/1", "redis://h:x/0", "http://a", "redis://[::1]:6379/15?dial_timeout=1s", "%zz"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, raw string) {
		_, err := parseURL(raw)
		if err == nil {
			return
		}
		u, perr := url.Parse(raw)
		if perr != nil || u.User == nil {
			return
		}
		if p, ok := u.User.Password(); ok && len(p) > 3 && strings.Contains(err.Error(), p) && !strings.Contains(ledger.RedactRedisURL(raw), p) && !strings.Contains(u.Host, p) {
			t.Fatalf("error %q quotes the password %q", err, p)
		}
	})
}
