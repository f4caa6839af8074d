package pushovertest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"strings"
)

// maxRequestBody is the "huge" size above which the fake answers 413 HTML.
const maxRequestBody = 32 << 20

var errTooLarge = errors.New("request body too large")

// params are a request's parameters. Empty values are absent; repeated
// values are joined with commas; the body wins over the query string.
type params struct {
	values map[string]string
	upload *upload
}

// upload is a multipart file part.
type upload struct {
	Filename    string
	ContentType string
	Data        []byte
}

func (s *Server) parseParams(r *http.Request) (*params, error) {
	p := &params{values: map[string]string{}}
	p.merge(r.URL.Query())
	if r.Method == http.MethodGet && s.cfg.ignoreGETBody {
		return p, nil
	}
	r.Body = http.MaxBytesReader(nil, r.Body, maxRequestBody)
	mt, mp, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	switch mt {
	case "application/x-www-form-urlencoded":
		// Sized from Content-Length (bounded), so that a form is read
		// without io.ReadAll's regrowing.
		buf := bytes.NewBuffer(make([]byte, 0, min(max(r.ContentLength, 0), 1<<20)+bytes.MinRead))
		if _, err := buf.ReadFrom(r.Body); err != nil {
			return nil, errTooLarge
		}
		v, err := url.ParseQuery(buf.String())
		if err != nil {
			return nil, fmt.Errorf("bad form: %w", err)
		}
		p.merge(v)
	case "multipart/form-data":
		if err := p.parseMultipart(r, mp["boundary"]); err != nil {
			return nil, err
		}
	case "application/json":
		if err := p.parseJSON(r.Body); err != nil {
			return nil, err
		}
	}
	return p, nil
}

func (p *params) merge(v url.Values) {
	for k, vals := range v {
		var kept []string
		for _, s := range vals {
			if s != "" {
				kept = append(kept, s)
			}
		}
		if len(kept) > 0 {
			p.values[k] = strings.Join(kept, ",")
		}
	}
}

func (p *params) parseMultipart(r *http.Request, boundary string) error {
	if boundary == "" {
		return errors.New("multipart without boundary")
	}
	mr, err := r.MultipartReader()
	if err != nil {
		return err
	}
	v := url.Values{}
	for {
		part, err := mr.NextPart()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return errTooLarge
		}
		data, err := io.ReadAll(part)
		if err != nil {
			return errTooLarge
		}
		if part.FileName() != "" {
			p.upload = &upload{Filename: part.FileName(), ContentType: part.Header.Get("Content-Type"), Data: data}
			continue
		}
		v.Add(part.FormName(), string(data))
	}
	p.merge(v)
	return nil
}

// parseJSON accepts numbers, strings and booleans (true is "1").
func (p *params) parseJSON(body io.Reader) error {
	dec := json.NewDecoder(body)
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return errTooLarge
		}
		return fmt.Errorf("bad JSON: %w", err)
	}
	v := url.Values{}
	for k, x := range m {
		v.Set(k, jsonString(x))
	}
	p.merge(v)
	return nil
}

func jsonString(x any) string {
	switch x := x.(type) {
	case nil:
		return ""
	case string:
		return x
	case bool:
		if x {
			return "1"
		}
		return "0"
	case []any:
		parts := make([]string, len(x))
		for i, e := range x {
			parts[i] = jsonString(e)
		}
		return strings.Join(parts, ",")
	default:
		return fmt.Sprint(x)
	}
}

func (p *params) get(k string) string { return p.values[k] }

func (p *params) has(k string) bool { _, ok := p.values[k]; return ok }
