package action

import (
	"encoding/base64"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func TestTokenVerify(t *testing.T) {
	s := signer{key: testSecret, scope: "prod"}
	claims := Claims{Group: testGroup, Recipient: "alice", Expires: testNow.Add(time.Hour)}
	valid := s.sign(claims)
	raw, err := base64.RawURLEncoding.DecodeString(valid)
	require.NoError(t, err)
	flip := func(i int) string {
		b := append([]byte(nil), raw...)
		b[i] ^= 1
		return base64.RawURLEncoding.EncodeToString(b)
	}
	bob := claims
	bob.Recipient = "bob"
	bobRaw, _ := base64.RawURLEncoding.DecodeString(s.sign(bob))
	otherRecipient := base64.RawURLEncoding.EncodeToString(append(append([]byte(nil), bobRaw[:len(bobRaw)-macLen]...), raw[len(raw)-macLen:]...))
	for _, tc := range []struct {
		name, tok string
		now       time.Time
		signer    signer
		want      error
	}{
		{"valid", valid, testNow, s, nil},
		{"valid a second before expiry", valid, testNow.Add(time.Hour - time.Second), s, nil},
		{"expired", valid, testNow.Add(time.Hour), s, ErrExpired},
		{"forged signature", flip(len(raw) - 1), testNow, s, ErrForged},
		{"other group", flip(12), testNow, s, ErrForged},
		{"later expiry", flip(8), testNow, s, ErrForged},
		{"other recipient", otherRecipient, testNow, s, ErrForged},
		{"other secret", valid, testNow, signer{key: []byte("another secret, 16+ bytes"), scope: "prod"}, ErrForged},
		{"other scope", valid, testNow, signer{key: testSecret, scope: "staging"}, ErrForged},
		{"truncated", valid[:len(valid)-4], testNow, s, ErrForged},
		{"truncated to the header", valid[:20], testNow, s, ErrMalformed},
		{"empty", "", testNow, s, ErrMalformed},
		{"garbage", "not a token!", testNow, s, ErrMalformed},
		{"padding", valid + "==", testNow, s, ErrMalformed},
		{"wrong version", flip(0), testNow, s, ErrMalformed},
		{"too long", strings.Repeat("A", 400), testNow, s, ErrMalformed},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := tc.signer.verify(tc.tok, tc.now)
			if tc.want != nil {
				require.ErrorIs(t, err, tc.want)
				return
			}
			require.NoError(t, err)
			require.Equal(t, claims.Group, got.Group)
			require.Equal(t, "alice", got.Recipient)
			require.True(t, claims.Expires.Equal(got.Expires))
		})
	}
}

func TestTokenIsURLSafeAndShort(t *testing.T) {
	s := signer{key: testSecret, scope: "prod"}
	tok := s.sign(Claims{Group: testGroup, Recipient: "ops-team-primary", Expires: testNow})
	require.Regexp(t, `^[A-Za-z0-9_-]+$`, tok)
	require.Less(t, len(tok), 100)
}

func TestTokenCutsLongRecipientAtARune(t *testing.T) {
	s := signer{key: testSecret}
	long := strings.Repeat("é", MaxRecipientLen)
	c, err := s.verify(s.sign(Claims{Group: testGroup, Recipient: long, Expires: testNow.Add(time.Hour)}), testNow)
	require.NoError(t, err)
	require.True(t, strings.HasPrefix(long, c.Recipient))
	require.LessOrEqual(t, len(c.Recipient), MaxRecipientLen)
}

func TestFormToken(t *testing.T) {
	s := signer{key: testSecret, scope: "prod"}
	link := s.sign(Claims{Group: testGroup, Recipient: "alice", Expires: testNow.Add(time.Hour)})
	tok := s.formToken(link, ActionAck)
	require.True(t, s.checkForm(link, ActionAck, tok))
	require.False(t, s.checkForm(link, ActionExpire, tok), "bound to the action")
	other := s.sign(Claims{Group: testGroup, Recipient: "bob", Expires: testNow.Add(time.Hour)})
	require.False(t, s.checkForm(other, ActionAck, tok), "bound to the link")
	require.False(t, s.checkForm(link, ActionAck, ""))
}

func TestGroupID(t *testing.T) {
	a := NewGroupID("r", "k")
	require.Equal(t, a, NewGroupID("r", "k"))
	require.NotEqual(t, a, NewGroupID("rk", ""), "the parts are separated")
	require.Len(t, a.String(), 32)
}

func FuzzVerify(f *testing.F) {
	s := signer{key: testSecret, scope: "prod"}
	f.Add(s.sign(Claims{Group: testGroup, Recipient: "alice", Expires: testNow.Add(time.Hour)}))
	f.Add("")
	f.Add("AAAA")
	f.Add(strings.Repeat("_", 90))
	f.Fuzz(func(t *testing.T, tok string) {
		c, err := s.verify(tok, testNow)
		if err != nil {
			return
		}
		// Whatever verifies is what signing its claims gives.
		require.Equal(t, tok, s.sign(c))
	})
}
