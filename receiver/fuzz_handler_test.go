package receiver

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/alecthomas/units"
	"github.com/stretchr/testify/require"
)

// FuzzHandler posts any body to the whole handler (decode, validate,
// route, plan, send to a fake sender): the answer is always one of the
// status contract's codes with a JSON body, never a panic, and a 400 or
// 413 sends nothing.
func FuzzHandler(f *testing.F) {
	files, _ := filepath.Glob(filepath.Join(payloadDir, "*", "*.json"))
	for _, file := range files {
		b, err := os.ReadFile(file)
		require.NoError(f, err)
		f.Add(b)
	}
	f.Add([]byte(`{"version":"4","status":"firing","alerts":[{"status":"firing","labels":{"severity":"critical"}}]}`))
	f.Add([]byte(`{"version":"4","status":"resolved","alerts":[{"status":"resolved","labels":{"severity":"critical","\u0000":"<b>"}}],"truncatedAlerts":99}`))
	f.Add([]byte(strings.Repeat("[", 300)))
	fx := newFixture(f, testRouting, func(rt *Runtime) { rt.Config.MaxBodyBytes = 256 * units.KiB })
	f.Fuzz(func(t *testing.T, body []byte) {
		before := len(fx.sender.Calls())
		req := httptest.NewRequest(http.MethodPost, "/alerts", strings.NewReader(string(body)))
		rec := httptest.NewRecorder()
		fx.h.ServeHTTP(rec, req)
		require.Contains(t, []int{200, 400, 413, 422, 503}, rec.Code)
		var a Answer
		require.NoError(t, json.Unmarshal(rec.Body.Bytes(), &a), rec.Body.String())
		if rec.Code == 400 || rec.Code == 413 {
			require.Equal(t, "error", a.Status)
			require.NotEmpty(t, a.Error)
			require.Len(t, fx.sender.Calls(), before)
		}
	})
}
