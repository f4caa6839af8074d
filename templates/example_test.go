package templates_test

import (
	"fmt"
	"time"

	"github.com/alertmanager-pushover/alertmanager-pushover/templates"
)

func ExampleTemplates_Render() {
	tm, err := templates.New(nil) // plus the user's template globs
	if err != nil {
		panic(err)
	}
	tm = tm.WithClock(func() time.Time { return time.Date(2026, 1, 2, 3, 16, 5, 0, time.UTC) })

	spec := templates.DefaultSpec()
	spec.Format = templates.FormatText
	r := tm.Render(spec, templates.SampleData())
	fmt.Println(r.Title)
	fmt.Println(r.Message)
	fmt.Println(r.URLTitle, r.URL)
	fmt.Println(r.Dropped, r.Err)
	// Output:
	// 🔥 FIRING 3 (+1 resolved) · SampleAlert
	// ✋ Acknowledged by oncall on phone, 11m ago
	//
	// [CRITICAL] Sample alert on a:9100
	// instance=a:9100 · since 12m
	// A sample alert, to check templates with.
	// Source: http://prometheus.example.com/graph?g0.expr=up
	// Silence: http://alertmanager.example.com/#/silences/new?filter=%7Balertname%3D%22SampleAlert%22%2C%20instance%3D%22a%3A9100%22%2C%20job%3D%22sample%22%2C%20severity%3D%22critical%22%7D
	//
	// [CRITICAL] Sample alert on b:9100
	// instance=b:9100 · since 12m
	// A sample alert, to check templates with.
	// Source: http://prometheus.example.com/graph?g0.expr=up
	// Silence: http://alertmanager.example.com/#/silences/new?filter=%7Balertname%3D%22SampleAlert%22%2C%20instance%3D%22b%3A9100%22%2C%20job%3D%22sample%22%2C%20severity%3D%22critical%22%7D
	//
	// [RESOLVED] Sample alert on c:9100
	// instance=c:9100 · resolved 7m ago after 5m
	// A sample alert, to check templates with.
	// Source: http://prometheus.example.com/graph?g0.expr=up
	//
	// … and 1 more
	// Runbook https://runbooks.example.com/SampleAlert
	// 1 <nil>
}
