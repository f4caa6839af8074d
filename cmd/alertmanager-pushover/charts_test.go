package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-kit/log"
	"github.com/stretchr/testify/require"

	"github.com/alertmanager-pushover/alertmanager-pushover/pushover/pushovertest"
)

// fakePrometheus answers query_range with two rising series over the
// window asked for (the real Prometheus is test/e2e's).
func fakePrometheus(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start, _ := strconv.ParseFloat(r.FormValue("start"), 64)
		end, _ := strconv.ParseFloat(r.FormValue("end"), 64)
		step, _ := time.ParseDuration(r.FormValue("step") + "s")
		if r.URL.Path != "/api/v1/query_range" || step <= 0 {
			http.Error(w, "unexpected request", http.StatusBadRequest)
			return
		}
		var result []map[string]any
		for i, inst := range []string{"api-1:9090", "api-2:9090"} {
			var values [][2]any
			for ts := start; ts <= end; ts += step.Seconds() {
				values = append(values, [2]any{ts, fmt.Sprint(float64(i+1) + (ts-start)/(end-start))})
			}
			result = append(result, map[string]any{"metric": map[string]string{"instance": inst}, "values": values})
		}
		w.Header().Set("Content-Type", "application/json")
		_ = json.NewEncoder(w).Encode(map[string]any{"status": "success",
			"data": map[string]any{"resultType": "matrix", "result": result}})
	}))
	t.Cleanup(srv.Close)
	return srv
}

// chartConfig is a configuration whose page route attaches a 640×360
// chart. Its timeouts are generous: a loaded -race run must not turn the
// successes these tests check into timeouts (graph tests the bound).
func chartConfig(t *testing.T, prometheusURL string) string {
	return writeFile(t, "config.yml", fmt.Sprintf(`
pushover: {token: %s}
receiver: {timeout: 2m}
prometheus: {url: %q, timeout: 1m}
recipients:
  oncall: {user_key: %s}
  team: {user_key: %s}
routes:
  - name: page
    matchers: ['severity="critical"']
    to: [oncall, team]
    graph: {range: 1h, width: 640, height: 360}
`, token, prometheusURL, userKey, groupKey))
}

func requirePNG(t *testing.T, b []byte, w, h int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	require.NoError(t, err)
	require.Equal(t, image.Rect(0, 0, w, h), img.Bounds())
}

// render --graph-dir writes each message's chart and says where; the
// HTML preview shows it.
func TestRenderWritesCharts(t *testing.T) {
	cfg := chartConfig(t, fakePrometheus(t).URL)
	dir := filepath.Join(t.TempDir(), "charts")
	html := filepath.Join(t.TempDir(), "preview.html")
	code, out, errOut := runCLI(t, "render", "--config.file="+cfg, "--payload="+payloads+"01-firing-first.json",
		"--graph-dir="+dir, "--html="+html)
	require.Equal(t, 0, code, errOut)
	for _, name := range []string{"01-page-oncall.png", "02-page-team.png"} {
		path := filepath.Join(dir, name)
		require.Contains(t, out, "chart: wrote "+path)
		b, err := os.ReadFile(path)
		require.NoError(t, err)
		requirePNG(t, b, 640, 360)
	}
	page, err := os.ReadFile(html)
	require.NoError(t, err)
	require.Contains(t, string(page), `<img class="chart" src="data:image/png;base64,`)

	code, _, errOut = runCLI(t, "render", "--config.file="+exampleConfig, "--payload="+payloads+"01-firing-first.json",
		"--graph-dir="+dir)
	require.Equal(t, 1, code)
	require.Contains(t, errOut, "--graph-dir needs prometheus.url in the configuration")
}

// The status page shows the last charts sent, served under /charts/.
func TestStatusPageShowsCharts(t *testing.T) {
	app, err := NewApp(Options{ConfigFile: chartConfig(t, fakePrometheus(t).URL), DryRun: true}, log.NewNopLogger())
	require.NoError(t, err)
	srv := httptest.NewServer(app.Routes())
	defer srv.Close()
	postPayload(t, srv.URL, "01-firing-first.json")

	page := get(t, srv.URL+"/", http.StatusOK)
	require.Contains(t, page, `<img src="/charts/1.png" alt="chart of HighLatency"`)
	require.NotContains(t, page, `/charts/2.png`, "one chart for both recipients")
	requirePNG(t, []byte(get(t, srv.URL+"/charts/1.png", http.StatusOK)), 640, 360)
	get(t, srv.URL+"/charts/2.png", http.StatusNotFound)
	get(t, srv.URL+"/charts/x.png", http.StatusNotFound)
}

// postPayload posts the webhook payload file name (in payloads) to the
// app at base and requires a 200.
func postPayload(t *testing.T, base, name string) {
	t.Helper()
	body, err := os.ReadFile(payloads + name)
	require.NoError(t, err)
	resp, err := http.Post(base+"/alerts", "application/json", bytes.NewReader(body))
	require.NoError(t, err)
	resp.Body.Close()
	require.Equal(t, 200, resp.StatusCode)
}

func get(t *testing.T, url string, status int) string {
	t.Helper()
	resp, err := http.Get(url)
	require.NoError(t, err)
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	require.NoError(t, err)
	require.Equal(t, status, resp.StatusCode, url)
	return string(b)
}

var chartImgRE = regexp.MustCompile(`<img class="chart" src="([^"]+)"`)

// The action page shows the chart of its group's first firing alert with
// a graph link (defaults.graph's options, 1h when it sets no range), made
// from the configured Prometheus when the phone asks for it.
func TestActionPageShowsTheChart(t *testing.T) {
	fake := pushovertest.New(t, pushovertest.WithDemoAccount())
	cfg := strings.Replace(opsConfig(fake.URL, "team"), "receiver: {", "receiver: {timeout: 2m, ", 1) +
		"web: {external_url: " + externalURL + "}\n" +
		"prometheus: {url: \"" + fakePrometheus(t).URL + "\", timeout: 1m}\ndefaults: {graph: {width: 400, height: 300}}\n"
	a := newTestApp(t, cfg, Options{StoragePath: t.TempDir()})
	code, body := a.post(t, "01-firing-first.json")
	require.Equal(t, 200, code, body)
	msgs := fake.Messages()
	require.NotEmpty(t, msgs)
	require.Empty(t, msgs[0].Attachment, "no route asks for a chart on its messages")
	code, body = a.do(t, "GET", strings.TrimPrefix(msgs[0].Params["url"], externalURL), nil)
	require.Equal(t, 200, code)
	m := chartImgRE.FindStringSubmatch(body)
	require.NotNil(t, m, "the page shows a chart")
	path := strings.TrimPrefix(msgs[0].Params["url"], externalURL)
	code, png := a.do(t, "GET", path[:strings.LastIndex(path, "/")+1]+m[1], nil)
	require.Equal(t, 200, code, png)
	requirePNG(t, []byte(png), 400, 300)
}
