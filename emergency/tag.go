package emergency

import (
	"crypto/sha256"
	"encoding/hex"
	"regexp"
)

// DefaultTagPrefix begins the tags of a bridge that has neither
// emergency.tag_prefix nor a URL of its own to derive one from.
const DefaultTagPrefix = "amp"

// tagPrefixRE is what emergency.tag_prefix may be: Pushover tags are
// compared exactly, and the bridge keeps them to [A-Za-z0-9_-].
var tagPrefixRE = regexp.MustCompile(`^[A-Za-z0-9_-]{1,32}$`)

// Tag is the Pushover tag every emergency of a (source, receiver, group
// key, route, recipient) carries: prefix, "-", and 20 hex digits of a
// SHA-256 of the rest. cancel_by_tag acts on every message of the app
// token, so the tag is scoped to the deployment (prefix) and to the
// Alertmanager that sent the webhook (source, its externalURL): another
// bridge or another Alertmanager sharing the token never cancels it.
func Tag(prefix, source, receiver, groupKey, route, recipient string) string {
	h := sha256.New()
	for _, s := range []string{source, receiver, groupKey, route, recipient} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return prefix + "-" + hex.EncodeToString(h.Sum(nil))[:20]
}

// TagPrefix is the prefix of the deployment's tags: tag_prefix when set,
// else derived from the bridge's own URLs (callback_url and, given,
// alertmanager.url), which every replica of one deployment shares and
// another deployment does not; DefaultTagPrefix when there are none.
func (c *Config) TagPrefix(alertmanagerURL string) string {
	switch {
	case c.Tags != "":
		return c.Tags
	case c.CallbackURL == "" && alertmanagerURL == "":
		return DefaultTagPrefix
	}
	sum := sha256.Sum256([]byte(c.CallbackURL + "\x00" + alertmanagerURL))
	return DefaultTagPrefix + hex.EncodeToString(sum[:3])
}
