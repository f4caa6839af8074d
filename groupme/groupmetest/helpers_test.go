package groupmetest_test

import (
	"bytes"
	"encoding/json"
	"image"
	"image/png"
	"io"
	"net/http"
	"testing"

	"github.com/stretchr/testify/require"
)

// tinyPNG is a 3×2 PNG.
func tinyPNG(tb testing.TB) []byte {
	tb.Helper()
	var b bytes.Buffer
	require.NoError(tb, png.Encode(&b, image.NewRGBA(image.Rect(0, 0, 3, 2))))
	return b.Bytes()
}

// answer is a raw HTTP answer.
type answer struct {
	code   int
	header http.Header
	body   []byte
}

// envelope decodes GroupMe's error envelope of an answer, failing the test
// when the body is not exactly that shape.
func (a answer) envelope(tb testing.TB) (code int, errs []string) {
	tb.Helper()
	var env struct {
		Response json.RawMessage `json:"response"`
		Meta     struct {
			Code   int      `json:"code"`
			Errors []string `json:"errors"`
		} `json:"meta"`
	}
	dec := json.NewDecoder(bytes.NewReader(a.body))
	dec.DisallowUnknownFields()
	require.NoError(tb, dec.Decode(&env), "body %q", a.body)
	require.Equal(tb, "null", string(env.Response))
	return env.Meta.Code, env.Meta.Errors
}

// do sends one raw request.
func do(tb testing.TB, method, url, ctype string, body []byte, header ...string) answer {
	tb.Helper()
	req, err := http.NewRequest(method, url, bytes.NewReader(body))
	require.NoError(tb, err)
	if ctype != "" {
		req.Header.Set("Content-Type", ctype)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	require.NoError(tb, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(tb, err)
	return answer{code: resp.StatusCode, header: resp.Header, body: b}
}

// postJSON posts v as JSON to the fake's bots/post.
func postJSON(tb testing.TB, apiURL string, v any) answer {
	tb.Helper()
	b, err := json.Marshal(v)
	require.NoError(tb, err)
	return do(tb, http.MethodPost, apiURL+"bots/post", "application/json", b)
}

// upload sends raw image bytes to the fake's image service with token.
func upload(tb testing.TB, imageURL, token string, img []byte) answer {
	tb.Helper()
	return do(tb, http.MethodPost, imageURL+"pictures", "image/jpeg", img, "X-Access-Token", token)
}

// pictureURL decodes an upload's answer, checking url == picture_url.
func pictureURL(tb testing.TB, a answer) string {
	tb.Helper()
	require.Equal(tb, http.StatusOK, a.code, "%s", a.body)
	var v struct {
		Payload struct {
			URL        string `json:"url"`
			PictureURL string `json:"picture_url"`
		} `json:"payload"`
	}
	require.NoError(tb, json.Unmarshal(a.body, &v))
	require.Equal(tb, v.Payload.URL, v.Payload.PictureURL)
	return v.Payload.PictureURL
}
