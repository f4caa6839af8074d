package groupmetest

import (
	"encoding/json"
	"net/http"
	"strconv"
	"time"
)

// reply is a computed answer, written after the lock is released.
type reply struct {
	code       int
	errors     []string // for the error envelope
	body       any      // for a 2xx with a body
	retryAfter time.Duration
}

// fail is an answer with GroupMe's error envelope.
func fail(code int, errs ...string) *reply { return &reply{code: code, errors: errs} }

func (rp *reply) write(w http.ResponseWriter) {
	if rp.retryAfter > 0 {
		w.Header().Set("Retry-After", strconv.Itoa(int(rp.retryAfter.Seconds())))
	}
	switch {
	case rp.code >= 300:
		writeEnvelope(w, rp.code, rp.errors...)
	case rp.body != nil:
		writeJSON(w, rp.code, rp.body)
	default:
		w.WriteHeader(rp.code) // 201 Created: no body is documented
	}
}

// envelope is GroupMe's response envelope with a null response.
type envelope struct {
	Response any  `json:"response"`
	Meta     meta `json:"meta"`
}

type meta struct {
	Code   int      `json:"code"`
	Errors []string `json:"errors"`
}

// writeEnvelope writes {"response": null, "meta": {"code": code, "errors": errs}}.
func writeEnvelope(w http.ResponseWriter, code int, errs ...string) {
	if errs == nil {
		errs = []string{}
	}
	writeJSON(w, code, envelope{Meta: meta{Code: code, Errors: errs}})
}

func writeJSON(w http.ResponseWriter, code int, v any) {
	b, _ := json.Marshal(v)
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write(append(b, '\n'))
}

func writeHTML(w http.ResponseWriter, code int) {
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.WriteHeader(code)
	_, _ = w.Write([]byte("<html><body><h1>" + strconv.Itoa(code) + " " + http.StatusText(code) + "</h1></body></html>\n"))
}
