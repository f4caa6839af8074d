package graph

import (
	"context"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/testutil"
	"github.com/prometheus/common/model"
	"github.com/stretchr/testify/require"
)

func opts(w, h, maxSeries int) Effective {
	return Effective{Range: time.Hour, Width: w, Height: h, MaxSeries: maxSeries}
}

func TestChart(t *testing.T) {
	var got struct {
		query, step, auth, rawQuery string
	}
	srv := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		require.NoError(t, r.ParseForm())
		got.query, got.step, got.auth, got.rawQuery = r.PostForm.Get("query"), r.PostForm.Get("step"), r.Header.Get("Authorization"), r.URL.RawQuery
		answering(200, successJSON(t, matrix(8, t0, time.Hour, 12*time.Second)))(w, r)
	})
	reg := prometheus.NewRegistry()
	g := newTestGrapher(t, srv.URL, time.Minute, NewMetrics(reg))
	png, err := g.Chart(context.Background(), alert(`rate(http_requests_total[5m]) > 1`, t0.Add(-20*time.Minute)), opts(800, 450, 5))
	require.NoError(t, err)
	checkPNG(t, png, 800, 450)
	require.Equal(t, `rate(http_requests_total[5m]) > 1`, got.query, "the expression goes in the POST body")
	require.Empty(t, got.rawQuery, "nothing in the URL's query")
	require.Equal(t, "12", got.step, "1h / 300 points")
	require.Empty(t, got.auth)
	require.Equal(t, 1.0, testutil.ToFloat64(g.metrics.Rendered))
	require.Equal(t, 1, testutil.CollectAndCount(g.metrics.Duration))
	if os.Getenv("GRAPH_WRITE_PNG") != "" {
		require.NoError(t, os.WriteFile(os.Getenv("GRAPH_WRITE_PNG"), png, 0o644))
	}
}

func TestChartSendsCredentialsToConfiguredPrometheusOnly(t *testing.T) {
	var auth string
	srv := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		auth = r.Header.Get("Authorization")
		answering(200, successJSON(t, matrix(1, t0, time.Hour, 12*time.Second)))(w, r)
	})
	cfg := DefaultConfig()
	cfg.URL = srv.URL + "/prom"
	cfg.HTTPClientConfig.BearerToken = "s3cr3t-token"
	cfg.Timeout = model.Duration(time.Minute)
	require.NoError(t, cfg.Validate())
	g, err := New(cfg, nil)
	require.NoError(t, err)
	g.now = func() time.Time { return t0 }
	a := alert("up", t0)
	a.GeneratorURL = "http://attacker.example/graph?g0.expr=up" // the host is never contacted
	_, err = g.Chart(context.Background(), a, opts(400, 300, 5))
	require.NoError(t, err)
	require.Equal(t, "Bearer s3cr3t-token", auth)
}

func TestChartSizes(t *testing.T) {
	srv := fakePrometheus(t, answering(200, successJSON(t, matrix(3, t0, time.Hour, 12*time.Second))))
	g := newTestGrapher(t, srv.URL, time.Minute, nil)
	for _, size := range [][2]int{{MinSize, MinSize}, {400, 300}, {1280, 720}, {MaxSize, MaxSize}} {
		png, err := g.Chart(context.Background(), alert("x", t0.Add(-time.Minute)), opts(size[0], size[1], 5))
		require.NoError(t, err)
		checkPNG(t, png, size[0], size[1])
		require.LessOrEqual(t, len(png), pngLimit)
	}
}

func TestChartNoChartWanted(t *testing.T) {
	g := newTestGrapher(t, "http://127.0.0.1:1", time.Second, nil)
	png, err := g.Chart(context.Background(), alert("up", t0), Effective{})
	require.NoError(t, err)
	require.Nil(t, png)
}

func TestChartNoGraphLink(t *testing.T) {
	g := newTestGrapher(t, "http://127.0.0.1:1", time.Second, nil)
	a := alert("up", t0)
	a.GeneratorURL = "https://grafana.example/alerting/grafana/abc/view"
	_, err := g.Chart(context.Background(), a, opts(400, 300, 5))
	require.Equal(t, ReasonNoGraphLink, ReasonOf(err))
	require.Equal(t, 1.0, testutil.ToFloat64(g.metrics.Skipped))
}

// TestChartFailures covers each way Prometheus lets a chart down: each is
// a typed *Error, counted by reason, and Chart returns.
func TestChartFailures(t *testing.T) {
	release := make(chan struct{})
	slow := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		<-release // answers only once the test is over
	})
	stalled := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(200)
		_, _ = w.Write([]byte(`{"status":"success","data":{"resultType":"matrix","result":[`))
		w.(http.Flusher).Flush()
		<-release // the rest never comes in time
	})
	t.Cleanup(func() { close(release) }) // before the servers' Close, which waits for the handlers
	stopped := fakePrometheus(t, answering(200, nil))
	stopped.Close()
	big := strings.Repeat(" ", MaxAnswerBytes) + string(successJSON(t, matrix(1, t0, time.Hour, time.Minute)))
	for _, tc := range []struct {
		name   string
		url    string
		reason Reason
		msg    string
	}{
		{"slow", slow.URL, ReasonTimeout, "deadline exceeded"},
		{"stalls mid-answer", stalled.URL, ReasonTimeout, "deadline exceeded"},
		{"down", stopped.URL, ReasonUnreachable, "connection refused"},
		{"bad_data", fakePrometheus(t, answering(400, []byte(`{"status":"error","errorType":"bad_data","error":"invalid parameter \"query\": 1:1: parse error: unexpected end of input"}`))).URL,
			ReasonQueryError, "bad_data: invalid parameter"},
		{"execution", fakePrometheus(t, answering(422, []byte(`{"status":"error","errorType":"execution","error":"many-to-many matching not allowed"}`))).URL,
			ReasonQueryError, "HTTP 422: execution"},
		{"empty", fakePrometheus(t, answering(200, []byte(`{"status":"success","data":{"resultType":"matrix","result":[]}}`))).URL,
			ReasonEmpty, "no samples"},
		{"too large", fakePrometheus(t, answering(200, []byte(big))).URL, ReasonTooLarge, "over 1048576 bytes"},
		{"proxy page", fakePrometheus(t, answering(502, []byte(`<html>Bad Gateway</html>`))).URL, ReasonUnreachable, "HTTP 502"},
		{"not a matrix", fakePrometheus(t, answering(200, []byte(`{"status":"success","data":{"resultType":"vector","result":[]}}`))).URL,
			ReasonQueryError, `"vector"`},
	} {
		t.Run(tc.name, func(t *testing.T) {
			timeout := time.Minute // the outcome must not hang on the machine's speed
			if tc.reason == ReasonTimeout {
				timeout = 200 * time.Millisecond
			}
			g := newTestGrapher(t, tc.url, timeout, nil)
			png, err := g.Chart(context.Background(), alert("up", t0), opts(400, 300, 5))
			require.Nil(t, png)
			var e *Error
			require.ErrorAs(t, err, &e)
			require.Equal(t, tc.reason, e.Reason)
			require.ErrorContains(t, err, tc.msg)
			require.NotContains(t, err.Error(), tc.url, "the error does not repeat Prometheus' URL")
			require.Equal(t, 1.0, testutil.ToFloat64(g.metrics.Failed.WithLabelValues(string(tc.reason))))
			require.Equal(t, 0.0, testutil.ToFloat64(g.metrics.Rendered))
		})
	}
}

func TestChartCallerCancels(t *testing.T) {
	srv := fakePrometheus(t, func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() })
	g := newTestGrapher(t, srv.URL, time.Hour, nil)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	_, err := g.Chart(ctx, alert("up", t0), opts(400, 300, 5))
	require.Equal(t, ReasonTimeout, ReasonOf(err))
}
