package receiver

import (
	"crypto/sha256"
	"crypto/subtle"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/emergency"
	"github.com/go-kit/log/level"
)

// maxCallbackBody caps the body of an acknowledgement callback.
const maxCallbackBody = 16 << 10

// errNoReceipt is a callback body without a receipt.
var errNoReceipt = errors.New("no receipt in the callback")

// CallbackHandler serves POST /pushover/callback/{secret}, Pushover's
// acknowledgement callback (emergency.callback_url). The secret is
// compared in constant time; a wrong one answers 403. The body is a form
// (or, failing that, JSON) with receipt, acknowledged, acknowledged_at,
// acknowledged_by and acknowledged_by_device. It is a hint: the ledger
// records the acknowledgement (see emergency.Tracker.Acknowledge) and Pushover's retries of
// the same callback change nothing.
func (h *Handler) CallbackHandler() http.Handler { return http.HandlerFunc(h.serveCallback) }

func (h *Handler) serveCallback(w http.ResponseWriter, r *http.Request) {
	rt := h.rt.Load()
	secret := r.PathValue("secret")
	if secret == "" {
		secret = r.URL.Path[strings.LastIndex(r.URL.Path, "/")+1:]
	}
	if r.Method != http.MethodPost {
		http.Error(w, "use POST", http.StatusMethodNotAllowed)
		return
	}
	if !secretEqual(secret, rt.CallbackSecret) {
		level.Warn(h.logger).Log("msg", "acknowledgement callback with a wrong secret", "remote", r.RemoteAddr)
		http.Error(w, "forbidden", http.StatusForbidden)
		return
	}
	a, err := decodeCallback(http.MaxBytesReader(w, r.Body, maxCallbackBody), r.Header.Get("Content-Type"))
	if err != nil {
		level.Warn(h.logger).Log("msg", "invalid acknowledgement callback", "remote", r.RemoteAddr, "err", err)
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	if a != nil {
		_, _ = h.tracker.Acknowledge(r.Context(), *a) // a ledger error is logged; Pushover's retry cannot help
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	fmt.Fprintln(w, "OK")
}

// secretEqual compares in constant time (hashing first, so not even the
// length leaks). An empty want matches nothing.
func secretEqual(got, want string) bool {
	if want == "" {
		return false
	}
	g, w := sha256.Sum256([]byte(got)), sha256.Sum256([]byte(want))
	return subtle.ConstantTimeCompare(g[:], w[:]) == 1
}

// decodeCallback reads a callback body: a form, or else JSON. It returns
// nil for a callback that does not report an acknowledgement.
func decodeCallback(r io.Reader, contentType string) (*emergency.Acknowledgement, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, fmt.Errorf("reading callback: %w", err)
	}
	fields := map[string]string{}
	if !strings.HasPrefix(contentType, "application/json") {
		if v, err := url.ParseQuery(string(b)); err == nil {
			for k := range v {
				fields[k] = v.Get(k)
			}
		}
	}
	if fields["receipt"] == "" {
		if fields, err = jsonFields(b); err != nil {
			return nil, err
		}
	}
	if fields["receipt"] == "" {
		return nil, errNoReceipt
	}
	if fields["acknowledged"] != "1" {
		return nil, nil
	}
	a := &emergency.Acknowledgement{Receipt: fields["receipt"], UserKey: fields["acknowledged_by"],
		Device: fields["acknowledged_by_device"], Source: "callback"}
	if sec, err := strconv.ParseInt(fields["acknowledged_at"], 10, 64); err == nil && sec > 0 {
		a.At = time.Unix(sec, 0)
	}
	return a, nil
}

// jsonFields reads a JSON object whose values are strings or numbers.
func jsonFields(b []byte) (map[string]string, error) {
	var raw map[string]json.RawMessage
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%w: neither a form nor JSON", errNoReceipt)
	}
	out := make(map[string]string, len(raw))
	for k, v := range raw {
		var s string
		if json.Unmarshal(v, &s) == nil {
			out[k] = s
			continue
		}
		var n json.Number
		if json.Unmarshal(v, &n) == nil {
			out[k] = n.String()
		}
	}
	return out, nil
}
