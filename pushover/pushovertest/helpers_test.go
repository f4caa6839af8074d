package pushovertest_test

import (
	"bytes"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// answer is a response with its body read.
type answer struct {
	code   int
	header http.Header
	body   string
}

var requestID = regexp.MustCompile(`"request":"[^"]*"`)

// normalized replaces the request id, which is random, with "R".
func (a answer) normalized() string { return requestID.ReplaceAllString(a.body, `"request":"R"`) }

func do(t *testing.T, req *http.Request) answer {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	return answer{code: resp.StatusCode, header: resp.Header, body: string(b)}
}

func postForm(t *testing.T, s *pushovertest.Server, path string, v url.Values) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, strings.NewReader(v.Encode()))
	require.NoError(t, err)
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	return do(t, req)
}

func get(t *testing.T, s *pushovertest.Server, pathAndQuery string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, s.URL+pathAndQuery, nil)
	require.NoError(t, err)
	return do(t, req)
}

func postRaw(t *testing.T, s *pushovertest.Server, path, contentType string, body []byte) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodPost, s.URL+path, bytes.NewReader(body))
	require.NoError(t, err)
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	return do(t, req)
}

// multipartForm encodes fields and an attachment part the way Go's
// CreateFormFile does (application/octet-stream), like gregdel/pushover.
func multipartForm(t *testing.T, fields url.Values, data []byte) (string, []byte) {
	t.Helper()
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for k := range fields {
		require.NoError(t, w.WriteField(k, fields.Get(k)))
	}
	part, err := w.CreateFormFile("attachment", "attachment")
	require.NoError(t, err)
	_, err = part.Write(data)
	require.NoError(t, err)
	require.NoError(t, w.Close())
	return w.FormDataContentType(), buf.Bytes()
}

// demo returns the form of a valid message from the demo account.
func demo(extra ...string) url.Values {
	v := url.Values{"token": {pushovertest.DemoToken}, "user": {pushovertest.DemoUser}, "message": {"hello"}}
	for i := 0; i+1 < len(extra); i += 2 {
		v.Set(extra[i], extra[i+1])
	}
	return v
}

func newDemo(t *testing.T, opts ...pushovertest.Option) *pushovertest.Server {
	return pushovertest.New(t, append([]pushovertest.Option{pushovertest.WithDemoAccount()}, opts...)...)
}
