package emergency

import (
	"crypto/sha256"
	"encoding/hex"
)

// Tag is the Pushover tag every emergency of a (receiver, group key,
// route, recipient) carries, so that cancel_by_tag stops it without any
// stored state: "amp-" and 24 hex digits of a SHA-256.
func Tag(receiver, groupKey, route, recipient string) string {
	h := sha256.New()
	for _, s := range []string{receiver, groupKey, route, recipient} {
		h.Write([]byte(s))
		h.Write([]byte{0})
	}
	return "amp-" + hex.EncodeToString(h.Sum(nil))[:24]
}
