package action

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Refused links, wrapped in the errors of Verify; test them with errors.Is.
var (
	// ErrMalformed is a token that is not one the bridge makes.
	ErrMalformed = errors.New("malformed link")
	// ErrForged is a token whose signature does not match: made with another
	// secret, for another deployment scope, or altered.
	ErrForged = errors.New("link signature does not match")
	// ErrExpired is a genuine token past its expiry.
	ErrExpired = errors.New("link expired")
)

const (
	tokenVersion = 1
	groupIDLen   = 16
	macLen       = 16 // 128 bits of HMAC-SHA256
	headerLen    = 1 + 8 + groupIDLen
	// MaxRecipientLen bounds the recipient name a link carries.
	MaxRecipientLen = 128
	linkLabel       = "alertmanager-pushover action link v1"
	actionLabel     = "alertmanager-pushover action form v1"
)

// GroupID names one Alertmanager group: a hash of its receiver and group
// key, so that the key (which holds label values) is not in the link.
type GroupID [groupIDLen]byte

// NewGroupID returns the ID of the group of receiver with groupKey.
func NewGroupID(receiver, groupKey string) GroupID {
	h := sha256.New()
	h.Write([]byte(receiver))
	h.Write([]byte{0})
	h.Write([]byte(groupKey))
	var id GroupID
	copy(id[:], h.Sum(nil))
	return id
}

// String is the ID in hex.
func (g GroupID) String() string { return hex.EncodeToString(g[:]) }

// Claims are what a link says: for which group, to whom, until when.
type Claims struct {
	Group     GroupID
	Recipient string
	Expires   time.Time // whole seconds
}

// signer makes and checks link and form tokens for one deployment scope.
type signer struct {
	key   []byte
	scope string
}

// sign returns the token of c: base64url(version | expiry | group |
// recipient | mac). The scope is in the MAC, not in the token.
func (s signer) sign(c Claims) string {
	rcp := c.Recipient
	if len(rcp) > MaxRecipientLen {
		rcp = strings.ToValidUTF8(rcp[:MaxRecipientLen], "")
	}
	buf := make([]byte, headerLen, headerLen+len(rcp)+macLen)
	buf[0] = tokenVersion
	binary.BigEndian.PutUint64(buf[1:9], uint64(c.Expires.Unix()))
	copy(buf[9:headerLen], c.Group[:])
	buf = append(buf, rcp...)
	buf = append(buf, s.mac(linkLabel, buf)...)
	return base64.RawURLEncoding.EncodeToString(buf)
}

// verify checks tok's form, then its signature in constant time, then its
// expiry against now.
func (s signer) verify(tok string, now time.Time) (Claims, error) {
	if len(tok) > base64.RawURLEncoding.EncodedLen(headerLen+MaxRecipientLen+macLen) {
		return Claims{}, fmt.Errorf("%w: too long", ErrMalformed)
	}
	buf, err := base64.RawURLEncoding.DecodeString(tok)
	if err != nil {
		return Claims{}, fmt.Errorf("%w: not base64url", ErrMalformed)
	}
	if len(buf) < headerLen+1+macLen || buf[0] != tokenVersion {
		return Claims{}, fmt.Errorf("%w: wrong length or version", ErrMalformed)
	}
	body, sum := buf[:len(buf)-macLen], buf[len(buf)-macLen:]
	if !hmac.Equal(sum, s.mac(linkLabel, body)) {
		return Claims{}, ErrForged
	}
	c := Claims{Recipient: string(body[headerLen:])}
	copy(c.Group[:], body[9:headerLen])
	exp := binary.BigEndian.Uint64(body[1:9])
	if exp > 1<<40 || !utf8.ValidString(c.Recipient) {
		return Claims{}, fmt.Errorf("%w: bad field", ErrMalformed)
	}
	c.Expires = time.Unix(int64(exp), 0).UTC()
	if !now.Before(c.Expires) {
		return c, fmt.Errorf("%w at %s", ErrExpired, c.Expires.UTC().Format(time.RFC3339))
	}
	return c, nil
}

// formToken binds a form to its link and action.
func (s signer) formToken(link, action string) string {
	return base64.RawURLEncoding.EncodeToString(s.mac(actionLabel, []byte(link+"\x00"+action)))
}

// checkForm verifies a form token in constant time.
func (s signer) checkForm(link, action, got string) bool {
	return hmac.Equal([]byte(got), []byte(s.formToken(link, action)))
}

func (s signer) mac(label string, msg []byte) []byte {
	m := hmac.New(sha256.New, s.key)
	m.Write([]byte(label))
	m.Write([]byte{0})
	m.Write([]byte(s.scope))
	m.Write([]byte{0})
	m.Write(msg)
	return m.Sum(nil)[:macLen]
}
