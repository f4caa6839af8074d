package pushovertest

import (
	"bytes"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
)

// kv is one member of an ordered JSON object.
type kv struct {
	k string
	v any
}

// object is a JSON object that keeps its key order, so bodies match
// Pushover's byte for byte.
type object []kv

// MarshalJSON implements json.Marshaler.
func (o object) MarshalJSON() ([]byte, error) {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range o {
		if i > 0 {
			b.WriteByte(',')
		}
		k, _ := json.Marshal(m.k)
		v, err := json.Marshal(m.v)
		if err != nil {
			return nil, err
		}
		b.Write(k)
		b.WriteByte(':')
		b.Write(v)
	}
	b.WriteByte('}')
	return b.Bytes(), nil
}

// reply is a computed response, written after the lock is released.
type reply struct {
	code   int
	body   object // without "status" and "request", which write adds
	status int    // the envelope's status: 1 for success
	first  bool   // put status before body (success) rather than after (errors)
	header http.Header
}

// fail is a Pushover error reply: the per-field reasons, then errors.
func fail(code int, fields object, errs ...string) *reply {
	return &reply{code: code, body: append(fields, kv{"errors", errs})}
}

// success is a status:1 reply with extra members after status.
func success(extra ...kv) *reply {
	return &reply{code: http.StatusOK, status: 1, first: true, body: extra}
}

func (s *Server) write(w http.ResponseWriter, r *reply) {
	var body object
	if r.first {
		body = append(object{{"status", r.status}}, r.body...)
	} else {
		body = append(append(body, r.body...), kv{"status", r.status})
	}
	body = append(body, kv{"request", s.requestID()})
	for k, v := range r.header {
		w.Header()[k] = v
	}
	writeJSON(w, r.code, body)
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	var b []byte
	var err error
	if o, ok := v.(object); ok {
		b, err = o.MarshalJSON() // already compact: no second pass through encoding/json
	} else {
		b, err = json.Marshal(v)
	}
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Content-Length", strconv.Itoa(len(b)))
	w.WriteHeader(code)
	_, _ = w.Write(b)
}

// requestID is a random UUIDv4, or 32 hex digits with WithLegacyRequestIDs.
func (s *Server) requestID() string {
	var b [16]byte
	_, _ = rand.Read(b[:])
	if s.cfg.legacyRequestIDs {
		return hex.EncodeToString(b[:])
	}
	b[6] = b[6]&0x0f | 0x40
	b[8] = b[8]&0x3f | 0x80
	h := hex.EncodeToString(b[:])
	return h[:8] + "-" + h[8:12] + "-" + h[12:16] + "-" + h[16:20] + "-" + h[20:]
}

// newReceiptID is 30 characters of [A-Za-z0-9].
func newReceiptID() string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
	var b [30]byte
	_, _ = rand.Read(b[:])
	for i := range b {
		b[i] = alphabet[int(b[i])%len(alphabet)]
	}
	return string(b[:])
}

const notFoundPage = `<!DOCTYPE html>
<html><head><title>Pushover: Resource Not Found</title></head>
<body><h1>Resource Not Found (or Incorrect Method)</h1>
<p>The resource you requested was not found. Please verify the URL and the HTTP method
(e.g., retry as a POST request instead of GET).</p></body></html>
`

func writeNotFound(w http.ResponseWriter) { writeHTML(w, http.StatusNotFound, notFoundPage) }

// writeHTML writes an HTML error page, like Pushover's during outages.
func writeHTML(w http.ResponseWriter, code int, page string) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write([]byte(page))
}

func errorPage(code int) string {
	return fmt.Sprintf("<!DOCTYPE html>\n<html><head><title>%d %s</title></head><body><h1>%d %s</h1><hr><center>nginx</center></body></html>\n",
		code, http.StatusText(code), code, http.StatusText(code))
}
