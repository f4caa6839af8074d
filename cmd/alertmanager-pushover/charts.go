package main

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/alertmanager-pushover/alertmanager-pushover/pipeline"
)

// errNoPrometheus: render --graph-dir without a Prometheus to query.
var errNoPrometheus = errors.New("--graph-dir needs prometheus.url in the configuration")

// chartResult is the chart of one notification for render.
type chartResult struct {
	png  []byte // nil: none
	file string // where it was written
	err  error  // why there is none
}

// makeCharts makes the chart of every notification to be sent that
// attaches one (a chart shared by recipients is made once) and writes it
// to dir; the result i is ns[i]'s.
func makeCharts(dir string, rt *pipeline.Runtime, ns []pipeline.Notification) ([]chartResult, error) {
	if rt.Charter == nil {
		return nil, errNoPrometheus
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	out := make([]chartResult, len(ns))
	for i := range ns {
		if ns[i].Action != pipeline.Send {
			continue
		}
		png, err := pipeline.Chart(context.Background(), rt, &ns[i])
		out[i] = chartResult{png: png, err: err}
		if png == nil {
			continue
		}
		out[i].file = filepath.Join(dir, chartFile(i, ns[i]))
		if err := os.WriteFile(out[i].file, png, 0o644); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// unsafeFileRunes are replaced in chart file names.
var unsafeFileRunes = regexp.MustCompile(`[^A-Za-z0-9_.-]+`)

// chartFile names notification i's chart: its number, route and recipient.
func chartFile(i int, n pipeline.Notification) string {
	return fmt.Sprintf("%02d-%s-%s.png", i+1, unsafeFileRunes.ReplaceAllString(n.Route.Name, "_"),
		unsafeFileRunes.ReplaceAllString(n.Recipient.Name, "_"))
}

// chartLine says what became of a notification's chart.
func chartLine(c chartResult) string {
	switch {
	case c.png != nil:
		return fmt.Sprintf("chart: wrote %s (%d bytes)\n\n", c.file, len(c.png))
	case c.err != nil:
		return fmt.Sprintf("chart: none, the message goes without: %v\n\n", c.err)
	}
	return "chart: none (the route has no graph range, or no alert fires)\n\n"
}

// serveChart is GET /charts/{id}.png: one of the last charts the status
// page shows (behind the same --web.config.file protection as the page).
func (a *App) serveChart(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseUint(strings.TrimSuffix(r.PathValue("file"), ".png"), 10, 64)
	c, ok := a.charts.Get(id)
	if err != nil || !ok || !strings.HasSuffix(r.PathValue("file"), ".png") {
		http.Error(w, "no such chart: only the last few are kept", http.StatusNotFound)
		return
	}
	w.Header().Set("Content-Type", "image/png")
	w.Header().Set("Cache-Control", "private, max-age=3600")
	_, _ = w.Write(c.PNG)
}
