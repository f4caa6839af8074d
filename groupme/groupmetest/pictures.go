package groupmetest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"image"
	_ "image/gif" // formats the image service takes
	_ "image/jpeg"
	_ "image/png"
	"io"
	"mime"
	"net/http"
	"strings"
)

// MaxUploadBytes is the largest image the fake takes. GroupMe documents no limit.
const MaxUploadBytes = 20 << 20

// handleUpload is POST /image/pictures: the access token in X-Access-Token
// (or the access_token or token query parameter), the image as the raw
// body or as the "file" part of a multipart form (as Groupy sends it).
func (s *Server) handleUpload(r *http.Request) *reply {
	s.mu.Lock()
	known := s.st.tokens[token(r)]
	s.mu.Unlock()
	if !known {
		return fail(http.StatusUnauthorized, "unauthorized")
	}
	data, ctype, err := readImage(r)
	switch {
	case err != nil:
		return fail(http.StatusBadRequest, err.Error())
	case len(data) > MaxUploadBytes:
		return fail(http.StatusRequestEntityTooLarge, "image is too large")
	case len(data) == 0:
		return fail(http.StatusBadRequest, "image data is required")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil {
		return fail(http.StatusBadRequest, "invalid image")
	}
	name := fmt.Sprintf("%dx%d.%s.%s", cfg.Width, cfg.Height, format, randomID())
	u := s.RootURL() + "/i/" + name
	s.mu.Lock()
	s.st.pictures[name] = &Picture{URL: u, ContentType: ctype, Format: format, Width: cfg.Width,
		Height: cfg.Height, Size: len(data), At: s.cfg.now(), data: data}
	s.st.order = append(s.st.order, name)
	s.mu.Unlock()
	return &reply{code: http.StatusOK, body: map[string]any{"payload": map[string]string{"url": u, "picture_url": u}}}
}

// readImage returns the image bytes of an upload and the Content-Type they came with.
func readImage(r *http.Request) ([]byte, string, error) {
	ctype := r.Header.Get("Content-Type")
	mt, params, _ := mime.ParseMediaType(ctype)
	if mt != "multipart/form-data" {
		b, err := io.ReadAll(io.LimitReader(r.Body, MaxUploadBytes+1))
		return b, ctype, err
	}
	mr, err := r.MultipartReader()
	if err != nil || params["boundary"] == "" {
		return nil, ctype, fmt.Errorf("invalid multipart body")
	}
	for {
		p, err := mr.NextPart()
		if err != nil {
			return nil, ctype, fmt.Errorf("multipart body has no file part")
		}
		if p.FormName() == "file" {
			b, err := io.ReadAll(io.LimitReader(p, MaxUploadBytes+1))
			return b, p.Header.Get("Content-Type"), err
		}
	}
}

// servePicture is GET /i/<name>, with or without a thumbnail suffix
// (.preview, .large, .avatar: the fake serves the original for each).
func (s *Server) servePicture(w http.ResponseWriter, r *http.Request, name string) {
	for _, suffix := range []string{".preview", ".large", ".avatar"} {
		name = strings.TrimSuffix(name, suffix)
	}
	s.mu.Lock()
	p := s.st.pictures[name]
	s.mu.Unlock()
	if p == nil || (r.Method != http.MethodGet && r.Method != http.MethodHead) {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", "image/"+p.Format)
	_, _ = w.Write(p.data)
}

func randomID() string {
	b := make([]byte, 16)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// token returns the access token of a request: the X-Access-Token header,
// or the access_token or token query parameter.
func token(r *http.Request) string {
	for _, t := range []string{r.Header.Get("X-Access-Token"), r.URL.Query().Get("access_token"), r.URL.Query().Get("token")} {
		if t != "" {
			return t
		}
	}
	return ""
}
