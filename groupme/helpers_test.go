package groupme_test

import (
	"bytes"
	"image"
	"image/png"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/groupme"
	"github.com/alertmanager-pushover/alertmanager-pushover/groupme/groupmetest"
)

// newPair starts a demo fake and a client for it, with the demo access token.
func newPair(tb testing.TB, opts ...groupmetest.Option) (*groupmetest.Server, *groupme.Client) {
	tb.Helper()
	s := groupmetest.New(tb, append([]groupmetest.Option{groupmetest.WithDemo()}, opts...)...)
	c, err := groupme.NewClient(groupme.WithAPIURL(s.URL), groupme.WithImageURL(s.ImageURL),
		groupme.WithAccessToken(groupmetest.DemoAccessToken), groupme.WithUserAgent("test/1"))
	require.NoError(tb, err)
	return s, c
}

// chartPNG is a 4×3 PNG.
func chartPNG(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 4, 3))))
	return b.Bytes()
}
